package dev.flowline.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.config.Config;
import dev.flowline.datastore.BlobStore;
import dev.flowline.testkit.emulator.AzuriteLauncher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong keys, missing containers, bad roots and signed-URL abuse against Azurite. */
class AzuriteFailuresTest {
  private static AzuriteLauncher azurite;

  @TempDir Path tmp;

  @BeforeAll
  static void startAzurite() throws Exception {
    azurite = AzuriteLauncher.start();
    new com.azure.storage.blob.BlobServiceClientBuilder()
        .connectionString(azurite.connectionString())
        .buildClient()
        .createBlobContainer("flowline");
  }

  @AfterAll
  static void stopAzurite() {
    if (azurite != null) {
      azurite.close();
    }
  }

  private Config config(Map<String, String> env) {
    return Config.load(env, tmp);
  }

  @Test
  void providerOpensTheStoreFromMetaflowKeys() throws IOException {
    Map<String, String> env =
        Map.of(
            "METAFLOW_DATASTORE_SYSROOT_AZURE", "flowline/from/config",
            "AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString(),
            "METAFLOW_HOME", tmp.resolve("home").toString());
    try (BlobStore store = new AzureBlobStoreProvider().open(config(env))) {
      store.probe();
      store.put("k", new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
      assertThat(store.root()).isEqualTo("flowline/from/config");
      assertThat(store.list("")).containsExactly("k");
    }
  }

  @Test
  void wrongAccountKeyIsNamed() throws IOException {
    String wrongKey =
        azurite
            .connectionString()
            .replace(AzuriteLauncher.ACCOUNT_KEY, "d3Jvbmcga2V5IHdyb25nIGtleQ==");
    try (BlobStore store =
        new AzureBlobStore(
            AzureSettings.forConnectionString("flowline/x", wrongKey)
                .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(10)))) {
      assertThatThrownBy(store::probe)
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(
              "azure datastore flowline/x: open container flowline was refused (")
          .hasMessageContaining(
              "the account key or SAS in AZURE_STORAGE_CONNECTION_STRING is wrong")
          .hasMessageContaining(
              "credentials from the connection string in AZURE_STORAGE_CONNECTION_STRING")
          .hasMessageContaining(azurite.blobEndpoint());
    }
  }

  @Test
  void missingContainerIsNamedWithTheFix() throws IOException {
    try (BlobStore store =
        new AzureBlobStore(
            AzureSettings.forConnectionString("no-such-container/x", azurite.connectionString()))) {
      assertThatThrownBy(store::probe)
          .isInstanceOf(IOException.class)
          .hasMessage(
              "azure datastore no-such-container/x: container \"no-such-container\" does not exist (endpoint "
                  + azurite.blobEndpoint()
                  + ", credentials from the connection string in AZURE_STORAGE_CONNECTION_STRING). Create it"
                  + " (e.g. `az storage container create --name no-such-container --account-name <account>`)"
                  + " or fix METAFLOW_DATASTORE_SYSROOT_AZURE.");
    }
  }

  @Test
  void unreachableEndpointIsNamed() throws IOException {
    String dead = azurite.connectionString().replace(":" + azurite.port() + "/", ":1/");
    try (BlobStore store =
        new AzureBlobStore(
            AzureSettings.forConnectionString("flowline/x", dead)
                .withRetries(2, Duration.ofMillis(10), Duration.ofMillis(10)))) {
      assertThatThrownBy(store::probe)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(
              "azure datastore flowline/x: cannot reach http://127.0.0.1:1/devstoreaccount1")
          .hasMessageContaining("after 1 retries")
          .hasMessageContaining("Check METAFLOW_AZURE_STORAGE_BLOB_SERVICE_ENDPOINT");
    }
  }

  @Test
  void malformedRootsAreRejectedWithAnExample() {
    assertThatThrownBy(() -> AzureRoot.parse("https://acct.blob.core.windows.net/c/p"))
        .hasMessageContaining(
            "METAFLOW_DATASTORE_SYSROOT_AZURE: value \"https://acct.blob.core.windows.net/c/p\""
                + " is a URL");
    assertThatThrownBy(() -> AzureRoot.parse("Bad_Container/p"))
        .hasMessage(
            "METAFLOW_DATASTORE_SYSROOT_AZURE: container \"Bad_Container\" in \"Bad_Container/p\" is not"
                + " a valid container name (3-63 characters of a-z, 0-9 and '-', starting and ending with a letter"
                + " or digit, no '--'). Use e.g. metaflow-container/flows.");
    assertThatThrownBy(() -> AzureRoot.parse(""))
        .hasMessageStartingWith("METAFLOW_DATASTORE_SYSROOT_AZURE is not set");
  }

  @Test
  void missingEndpointIsNamed() {
    Map<String, String> env =
        Map.of(
            "METAFLOW_DATASTORE_SYSROOT_AZURE",
            "flowline/x",
            "METAFLOW_HOME",
            tmp.resolve("home").toString());
    assertThatThrownBy(() -> new AzureBlobStoreProvider().open(config(env)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("METAFLOW_AZURE_STORAGE_BLOB_SERVICE_ENDPOINT is not set");
  }

  @Test
  void tamperedOrExpiredSasUrlsAreRefused() throws Exception {
    try (BlobStore store =
        new AzureBlobStore(
            AzureSettings.forConnectionString("flowline/sas", azurite.connectionString()))) {
      store.put("code.tgz", new ByteArrayInputStream(new byte[] {42}), 1);
      URI good = store.signedReadUrl("code.tgz", Duration.ofMinutes(5)).orElseThrow();
      assertThat(status(good)).isEqualTo(200);

      String url = good.toString();
      int sig = url.indexOf("sig=") + "sig=".length();
      char flipped = url.charAt(sig) == 'A' ? 'B' : 'A';
      assertThat(status(URI.create(url.substring(0, sig) + flipped + url.substring(sig + 1))))
          .isEqualTo(403);
      assertThat(status(URI.create(url.replace("code.tgz", "other.tgz")))).isEqualTo(403);
      assertThat(status(URI.create(url.substring(0, url.indexOf('?'))))).isIn(403, 404);

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
