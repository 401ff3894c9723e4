package dev.flowline.azure;

import dev.flowline.datastore.BlobStore;
import dev.flowline.testkit.datastore.BlobStoreContract;
import dev.flowline.testkit.emulator.AzuriteLauncher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The blob-store contract on Azurite (started from the pinned npm folder, in memory, random port).
 */
class AzuriteBlobStoreContractTest extends BlobStoreContract {
  private static AzuriteLauncher azurite;

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

  @Override
  protected BlobStore openStore() throws Exception {
    return new AzureBlobStore(
        AzureSettings.forConnectionString("flowline/some/prefix", azurite.connectionString()));
  }
}
