package dev.flowline.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.adobe.testing.s3mock.S3MockApplication;
import dev.flowline.datastore.BlobNotFoundException;
import dev.flowline.datastore.BlobStore;
import dev.flowline.testkit.datastore.BlobStoreContract;
import dev.flowline.testkit.datastore.GeneratedBytes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The blob-store contract on Adobe S3Mock, in process (a real HTTP S3 API; it checks no
 * signatures).
 */
class S3MockBlobStoreContractTest extends BlobStoreContract {
  private static S3MockApplication s3mock;
  private static URI endpoint;

  @BeforeAll
  static void startS3Mock() throws Exception {
    Path data = Files.createTempDirectory("s3mock");
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
        S3Settings.forEndpoint("s3://flowline/some/prefix", endpoint, "any", "any")
            .withParts(8L << 20, 8L << 20));
  }

  /**
   * Replaces the contract's check on S3Mock: S3Mock 5.2.0 deletes the existing object when a
   * multipart upload of the same key is aborted (PUT k, POST k?uploads, DELETE k?uploadId=... then
   * GET k answers 404), which S3 does not. So here the old blob may vanish; what must still hold is
   * that no partial blob is ever visible. S3ProxyBlobStoreContractTest runs the full check.
   */
  @Test
  @Override
  protected void aFailedOverwriteKeepsTheOldBlob() throws IOException {
    put(prefix + "keep", "old value");
    GeneratedBytes data = new GeneratedBytes(7, largeBlobSize());
    assertThatThrownBy(() -> store.put(prefix + "keep", data.failingAfter(1 << 20), data.length()))
        .isInstanceOf(IOException.class);
    try {
      assertThat(read(prefix + "keep")).isEqualTo("old value");
    } catch (BlobNotFoundException vanishedByS3MockAbort) {
      assertThat(store.exists(prefix + "keep")).isFalse();
    }
  }
}
