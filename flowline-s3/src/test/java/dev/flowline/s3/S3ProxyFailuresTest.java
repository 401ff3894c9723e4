package dev.flowline.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.config.Config;
import dev.flowline.datastore.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/**
 * Bad credentials, missing buckets and signed-URL abuse against S3Proxy, which checks signatures.
 */
class S3ProxyFailuresTest {
  @RegisterExtension
  static final S3ProxyExtension S3 =
      S3ProxyExtension.builder()
          .withCredentials(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
          .withBlobStoreProvider("transient")
          .ignoreUnknownHeaders()
          .build();

  @TempDir Path tmp;

  @BeforeEach
  void createBucket() {
    S3TestBuckets.create(S3.getUri(), "access", "secret", "flowline");
  }

  private Config config(Map<String, String> env) {
    return Config.load(env, tmp);
  }

  private Map<String, String> env(String root, String accessKey, String secretKey) {
    return Map.of(
        "METAFLOW_DATASTORE_SYSROOT_S3",
        root,
        "METAFLOW_S3_ENDPOINT_URL",
        S3.getUri().toString(),
        "METAFLOW_S3_RETRY_COUNT",
        "1",
        "METAFLOW_HOME",
        tmp.resolve("home").toString(),
        "AWS_ACCESS_KEY_ID",
        accessKey,
        "AWS_SECRET_ACCESS_KEY",
        secretKey,
        "AWS_REGION",
        "us-east-1");
  }

  @Test
  void providerOpensTheStoreFromMetaflowKeys() throws IOException {
    try (BlobStore store =
        new S3BlobStoreProvider()
            .open(config(env("s3://flowline/from/config", "access", "secret")))) {
      store.probe();
      store.put("k", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
      assertThat(store.root()).isEqualTo("s3://flowline/from/config");
      assertThat(store.list("")).containsExactly("k");
    }
  }

  @Test
  void wrongSecretKeyIsNamedWithTheCredentialSource() throws IOException {
    try (BlobStore store =
        new S3BlobStoreProvider().open(config(env("s3://flowline/x", "access", "wrong")))) {
      assertThatThrownBy(store::probe)
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("s3 datastore s3://flowline/x: ")
          .hasMessageContaining("secret key is wrong")
          .hasMessageContaining("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (key id access)")
          .hasMessageContaining("Fix AWS_SECRET_ACCESS_KEY");
    }
  }

  @Test
  void unknownAccessKeyIsNamed() throws IOException {
    try (BlobStore store =
        new S3BlobStoreProvider().open(config(env("s3://flowline/x", "nobody", "secret")))) {
      assertThatThrownBy(() -> store.put("k", new ByteArrayInputStream(new byte[1]), 1))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("s3://flowline/x/k")
          .hasMessageContaining("access key id is not known")
          .hasMessageContaining("key id nobody");
    }
  }

  @Test
  void missingBucketIsNamedWithTheFix() throws IOException {
    try (BlobStore store =
        new S3BlobStoreProvider().open(config(env("s3://no-such-bucket/x", "access", "secret")))) {
      assertThatThrownBy(store::probe)
          .isInstanceOf(IOException.class)
          .hasMessage(
              "s3 datastore s3://no-such-bucket/x: bucket \"no-such-bucket\" does not exist (endpoint "
                  + S3.getUri()
                  + ", credentials from environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (key id"
                  + " access)). Create it (e.g. `aws s3 mb s3://no-such-bucket`) or fix"
                  + " METAFLOW_DATASTORE_SYSROOT_S3.");
    }
  }

  @Test
  void missingCredentialsNameTheChainThatWasTried() throws IOException {
    Path emptyProfile = Files.writeString(tmp.resolve("credentials"), "");
    var noCredentials =
        AwsCredentialsProviderChain.of(
            ProfileCredentialsProvider.builder()
                .profileFile(
                    ProfileFile.builder()
                        .content(emptyProfile)
                        .type(ProfileFile.Type.CREDENTIALS)
                        .build())
                .profileName("none")
                .build());
    S3Settings settings =
        new S3Settings(
            S3Root.parse("s3://flowline/x"),
            Optional.of(S3.getUri()),
            Region.US_EAST_1,
            noCredentials,
            "an empty profile file",
            0,
            Optional.empty(),
            S3Settings.DEFAULT_PART_SIZE,
            S3Settings.DEFAULT_THRESHOLD);
    try (BlobStore store = new S3BlobStore(settings)) {
      assertThatThrownBy(store::probe)
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(
              "s3 datastore s3://flowline/x: no AWS credentials found for open bucket flowline;"
                  + " tried an empty profile file. Set AWS_ACCESS_KEY_ID");
    }
  }

  @Test
  void unreachableEndpointIsNamed() throws IOException {
    S3Settings settings =
        S3Settings.forEndpoint(
                "s3://flowline/x", URI.create("http://127.0.0.1:1"), "access", "secret")
            .withRetryCount(1);
    try (BlobStore store = new S3BlobStore(settings)) {
      assertThatThrownBy(store::probe)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(
              "cannot reach http://127.0.0.1:1 to open bucket flowline after 1 retries")
          .hasMessageContaining("Check METAFLOW_S3_ENDPOINT_URL");
    }
  }

  @Test
  void tamperedOrExpiredSignedUrlsAreRefused() throws Exception {
    try (BlobStore store =
        new S3BlobStore(
            S3Settings.forEndpoint("s3://flowline/x", S3.getUri(), "access", "secret"))) {
      store.put("code.tgz", new ByteArrayInputStream(new byte[] {42}), 1);
      URI good = store.signedReadUrl("code.tgz", Duration.ofMinutes(5)).orElseThrow();
      assertThat(status(good)).isEqualTo(200);

      String url = good.toString();
      int sig = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
      char flipped = url.charAt(sig) == '0' ? '1' : '0';
      URI tampered = URI.create(url.substring(0, sig) + flipped + url.substring(sig + 1));
      assertThat(status(tampered)).isEqualTo(403);

      URI otherKey = URI.create(url.replace("code.tgz", "other.tgz"));
      assertThat(status(otherKey)).isEqualTo(403);

      URI shortLived = store.signedReadUrl("code.tgz", Duration.ofSeconds(1)).orElseThrow();
      Thread.sleep(2500);
      assertThat(status(shortLived)).isEqualTo(403);
    }
  }

  private static int status(URI url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
