package dev.flowline.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.datastore.BlobStore;
import dev.flowline.testkit.datastore.GeneratedBytes;
import dev.flowline.testkit.emulator.AzuriteLauncher;
import dev.flowline.testkit.emulator.FaultProxy;
import dev.flowline.testkit.emulator.FaultProxy.Direction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Network faults and a killed server between the store and Azurite. */
class AzuriteFaultTest {
  private static final long SIZE = 40L << 20;

  @TempDir Path tmp;
  private AzuriteLauncher azurite;
  private FaultProxy proxy;
  private BlobStore direct;
  private BlobStore faulty;

  @BeforeEach
  void setUp() throws IOException {
    azurite = AzuriteLauncher.start();
    new com.azure.storage.blob.BlobServiceClientBuilder()
        .connectionString(azurite.connectionString())
        .buildClient()
        .createBlobContainer("flowline");
    proxy = FaultProxy.start(azurite.port());
    direct =
        new AzureBlobStore(
            AzureSettings.forConnectionString("flowline/f", azurite.connectionString()));
    String viaProxy =
        azurite.connectionString().replace(":" + azurite.port() + "/", ":" + proxy.port() + "/");
    faulty =
        new AzureBlobStore(
            AzureSettings.forConnectionString("flowline/f", viaProxy)
                .withRetries(4, Duration.ofMillis(200), Duration.ofSeconds(1)));
  }

  @AfterEach
  void tearDown() throws IOException {
    faulty.close();
    direct.close();
    proxy.close();
    azurite.close();
  }

  @Test
  void aServerThatDiesMidUploadFailsThePutAndLeavesNothingVisible() throws IOException {
    GeneratedBytes data = new GeneratedBytes(21, SIZE);
    proxy.cutAfter(Direction.UPSTREAM, 12L << 20, true);
    assertThatThrownBy(() -> faulty.put("big", data.stream(), SIZE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("azure datastore flowline/f")
        .hasMessageContaining("flowline/f/big");
    assertThat(direct.exists("big")).isFalse();
    assertThat(direct.list("")).doesNotContain("big");
  }

  @Test
  void droppedConnectionsMidUploadAreRetried() throws IOException {
    GeneratedBytes data = new GeneratedBytes(23, SIZE);
    Path file = data.writeTo(tmp.resolve("big.bin"));
    proxy.cutAfter(Direction.UPSTREAM, 12L << 20, false);
    faulty.put("big", file);
    assertThat(proxy.cuts()).isEqualTo(1);
    try (InputStream in = direct.get("big")) {
      assertThat(GeneratedBytes.sha256(in)).isEqualTo(data.sha256());
    }
  }

  @Test
  void aConnectionDroppedMidDownloadIsRetried() throws IOException {
    GeneratedBytes data = new GeneratedBytes(24, SIZE);
    try (InputStream in = data.stream()) {
      direct.put("big", in, SIZE);
    }
    proxy.cutAfter(Direction.DOWNSTREAM, 10L << 20, false);
    try (InputStream in = faulty.get("big")) {
      assertThat(GeneratedBytes.sha256(in)).isEqualTo(data.sha256());
    }
    assertThat(proxy.cuts()).isEqualTo(1);
  }
}
