package dev.flowline.s3;

import com.adobe.testing.s3mock.S3MockApplication;
import dev.flowline.datastore.BlobStore;
import dev.flowline.testkit.datastore.DatastoreLayersContract;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Flowline's artifacts, metadata and client on S3 (Adobe S3Mock in process, multipart from 8 MiB).
 */
class S3MockDatastoreLayersTest extends DatastoreLayersContract {
  private static S3MockApplication s3mock;
  private static URI endpoint;

  @BeforeAll
  static void startS3Mock() throws Exception {
    Path data = Files.createTempDirectory("s3mock-layers");
    s3mock =
        S3MockApplication.start(
            new HashMap<>(
                Map.of(
                    S3MockApplication.PROP_HTTP_PORT,
                    S3MockApplication.RANDOM_PORT,
                    S3MockApplication.PROP_HTTPS_PORT,
                    S3MockApplication.RANDOM_PORT,
                    S3MockApplication.PROP_SILENT,
                    true,
                    "com.adobe.testing.s3mock.store.root",
                    data.toString())));
    endpoint = URI.create("http://127.0.0.1:" + s3mock.getHttpPort());
    S3TestBuckets.create(endpoint, "any", "any", "flowline");
  }

  @AfterAll
  static void stopS3Mock() {
    if (s3mock != null) {
      s3mock.stop();
    }
  }

  @Override
  protected BlobStore openStore() throws Exception {
    return new S3BlobStore(
        S3Settings.forEndpoint("s3://flowline/layers", endpoint, "any", "any")
            .withParts(8L << 20, 8L << 20));
  }
}
