package dev.flowline.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing of S3 roots and settings, with the messages users see for bad values. */
class S3RootTest {
  @TempDir Path tmp;

  @Test
  void rootsAreNormalised() throws IOException {
    assertThat(S3Root.parse("s3://bucket/a/b")).isEqualTo(new S3Root("bucket", "a/b/"));
    assertThat(S3Root.parse("s3://bucket/a/b/")).isEqualTo(new S3Root("bucket", "a/b/"));
    assertThat(S3Root.parse("s3://bucket")).isEqualTo(new S3Root("bucket", ""));
    assertThat(S3Root.parse("s3://bucket/a").url()).isEqualTo("s3://bucket/a");
    assertThat(S3Root.parse("s3://bucket/a").objectKey("F/data/ab/abc"))
        .isEqualTo("a/F/data/ab/abc");
  }

  @Test
  void malformedRootsNameTheKeyTheValueAndAnExample() {
    assertThatThrownBy(() -> S3Root.parse("bucket/prefix"))
        .hasMessage(
            "METAFLOW_DATASTORE_SYSROOT_S3: value \"bucket/prefix\" is not an S3 URL (it must start with"
                + " s3://). Use e.g. s3://my-bucket/metaflow.");
    assertThatThrownBy(() -> S3Root.parse("s3://My_Bucket/x"))
        .hasMessageStartingWith(
            "METAFLOW_DATASTORE_SYSROOT_S3: bucket \"My_Bucket\" in \"s3://My_Bucket/x\" is not a"
                + " valid S3 bucket name");
    assertThatThrownBy(() -> S3Root.parse("s3://bucket/a//b"))
        .hasMessageContaining("empty path segment");
    assertThatThrownBy(() -> S3Root.parse(" "))
        .hasMessageStartingWith("METAFLOW_DATASTORE_SYSROOT_S3 is not set");
  }

  @Test
  void badEndpointAndRetryCountAreNamed() {
    Map<String, String> base =
        Map.of(
            "METAFLOW_DATASTORE_SYSROOT_S3",
            "s3://bucket/x",
            "METAFLOW_HOME",
            tmp.resolve("h").toString());
    var endpoint = new java.util.HashMap<>(base);
    endpoint.put("METAFLOW_S3_ENDPOINT_URL", "minio:9000");
    assertThatThrownBy(() -> S3Settings.from(Config.load(endpoint, tmp)))
        .hasMessageStartingWith(
            "METAFLOW_S3_ENDPOINT_URL: value \"minio:9000\" is not a http or https URL")
        .hasMessageEndingWith("Use e.g. \"http://minio.example:9000\".");
    var retries = new java.util.HashMap<>(base);
    retries.put("METAFLOW_S3_RETRY_COUNT", "many");
    assertThatThrownBy(() -> S3Settings.from(Config.load(retries, tmp)))
        .hasMessageStartingWith("METAFLOW_S3_RETRY_COUNT: value \"many\" is not a whole number");
  }
}
