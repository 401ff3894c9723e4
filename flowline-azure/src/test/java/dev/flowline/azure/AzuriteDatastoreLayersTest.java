package dev.flowline.azure;

import dev.flowline.datastore.BlobStore;
import dev.flowline.testkit.datastore.DatastoreLayersContract;
import dev.flowline.testkit.emulator.AzuriteLauncher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Flowline's artifacts, metadata and client on Azure Blob (Azurite from the pinned npm folder). */
class AzuriteDatastoreLayersTest extends DatastoreLayersContract {
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
        AzureSettings.forConnectionString("flowline/layers", azurite.connectionString()));
  }
}
