package dev.flowline.s3;

import dev.flowline.datastore.BlobStore;
import dev.flowline.testkit.datastore.BlobStoreContract;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The blob-store contract on S3Proxy (in-memory backend), which checks SigV4 signatures like S3
 * does. A fresh server runs for each test.
 */
class S3ProxyBlobStoreContractTest extends BlobStoreContract {
  @RegisterExtension
  static final S3ProxyExtension S3 =
      S3ProxyExtension.builder()
          .withCredentials(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
          .withBlobStoreProvider("transient")
          .ignoreUnknownHeaders()
          .build();

  @Override
  protected BlobStore openStore() throws Exception {
    S3TestBuckets.create(S3.getUri(), S3.getAccessKey(), S3.getSecretKey(), "flowline");
    return new S3BlobStore(
        S3Settings.forEndpoint(
                "s3://flowline/proxy", S3.getUri(), S3.getAccessKey(), S3.getSecretKey())
            .withParts(8L << 20, 8L << 20));
  }
}
