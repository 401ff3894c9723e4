package dev.flowline.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.ContentStore;
import dev.flowline.datastore.StoreLayout;
import dev.flowline.datastore.cas.CorruptBlobException;
import dev.flowline.testkit.datastore.GeneratedBytes;
import dev.flowline.testkit.emulator.FaultProxy;
import dev.flowline.testkit.emulator.FaultProxy.Direction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Network faults between the store and S3Proxy (a {@link FaultProxy} in the middle), and a
 * corrupted artifact caught by the content store's hash check.
 */
class S3FaultTest {
  @RegisterExtension
  static final S3ProxyExtension S3 =
      S3ProxyExtension.builder()
          .withCredentials(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
          .withBlobStoreProvider("transient")
          .ignoreUnknownHeaders()
          .build();

  private static final long SIZE = 40L << 20;

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp;

  private FaultProxy proxy;
  private BlobStore direct;
  private BlobStore faulty;

  @BeforeEach
  void setUp() throws IOException {
    S3TestBuckets.create(S3.getUri(), "access", "secret", "flowline");
    proxy = FaultProxy.start(S3.getUri().getPort());
    direct =
        new S3BlobStore(S3Settings.forEndpoint("s3://flowline/f", S3.getUri(), "access", "secret"));
    faulty =
        new S3BlobStore(
            S3Settings.forEndpoint(
                    "s3://flowline/f",
                    URI.create("http://127.0.0.1:" + proxy.port()),
                    "access",
                    "secret")
                .withRetryCount(3)
                .withParts(8L << 20, 8L << 20));
  }

  @AfterEach
  void tearDown() throws IOException {
    faulty.close();
    direct.close();
    proxy.close();
  }

  @Test
  void aServerThatDiesMidUploadFailsThePutAndLeavesNothingVisible() {
    GeneratedBytes data = new GeneratedBytes(11, SIZE);
    proxy.cutAfter(Direction.UPSTREAM, 12L << 20, true);
    assertThatThrownBy(() -> faulty.put("big", data.stream(), SIZE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("s3 datastore s3://flowline/f")
        .hasMessageContaining("s3://flowline/f/big");
    assertThat(proxy.cuts()).isEqualTo(1);
    assertThatNothingIsAt("big");
  }

  @Test
  void droppedConnectionsMidFileUploadAreRetriedPartByPart() throws IOException {
    GeneratedBytes data = new GeneratedBytes(12, SIZE);
    java.nio.file.Path file = data.writeTo(tmp.resolve("big.bin"));
    proxy.cutAfter(Direction.UPSTREAM, 12L << 20, false);
    faulty.put("big", file);
    assertThat(proxy.cuts()).isEqualTo(1);
    try (InputStream in = direct.get("big")) {
      assertThat(GeneratedBytes.sha256(in)).isEqualTo(data.sha256());
    }
  }

  @Test
  void aConnectionDroppedMidDownloadIsResumedWhereItStopped() throws IOException {
    GeneratedBytes data = new GeneratedBytes(13, SIZE);
    try (InputStream in = data.stream()) {
      direct.put("big", in, SIZE);
    }
    proxy.cutAfter(Direction.DOWNSTREAM, 10L << 20, false);
    try (InputStream in = faulty.get("big")) {
      assertThat(GeneratedBytes.sha256(in)).isEqualTo(data.sha256());
    }
    assertThat(proxy.cuts()).isEqualTo(1);
  }

  @Test
  void aConnectionDroppedMidFileDownloadIsResumedAndTheFileIsComplete() throws IOException {
    GeneratedBytes data = new GeneratedBytes(14, SIZE);
    try (InputStream in = data.stream()) {
      direct.put("big", in, SIZE);
    }
    java.nio.file.Path target = tmp.resolve("down.bin");
    proxy.cutAfter(Direction.DOWNSTREAM, 10L << 20, false);
    faulty.get("big", target);
    assertThat(proxy.cuts()).isEqualTo(1);
    try (InputStream in = java.nio.file.Files.newInputStream(target)) {
      assertThat(GeneratedBytes.sha256(in)).isEqualTo(data.sha256());
    }
    assertThat(java.nio.file.Files.list(tmp))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("down.bin");
  }

  @Test
  void aCorruptedArtifactIsCaughtByTheHashCheck() throws IOException {
    ContentStore cas = ContentStore.of(direct, "FaultFlow");
    byte[] payload = new byte[1 << 20];
    new java.util.Random(42).nextBytes(payload);
    var ref = cas.save("payload", payload);
    String key = StoreLayout.blob("FaultFlow", ref.sha());
    byte[] stored;
    try (InputStream in = direct.get(key)) {
      stored = in.readAllBytes();
    }
    stored[stored.length / 2] ^= 0x01;
    direct.put(key, new ByteArrayInputStream(stored), stored.length);
    assertThatThrownBy(() -> cas.load("payload", ref, getClass().getClassLoader()))
        .isInstanceOf(CorruptBlobException.class);
  }

  private void assertThatNothingIsAt(String key) {
    try {
      assertThat(direct.exists(key)).isFalse();
      assertThat(direct.list("")).doesNotContain(key);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
