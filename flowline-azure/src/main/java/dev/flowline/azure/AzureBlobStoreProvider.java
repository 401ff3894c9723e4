package dev.flowline.azure;

import dev.flowline.config.Config;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.BlobStoreProvider;
import java.io.IOException;

/**
 * Opens the {@code azure} datastore from {@code METAFLOW_DATASTORE_SYSROOT_AZURE} and the endpoint
 * key.
 */
public final class AzureBlobStoreProvider implements BlobStoreProvider {
  @Override
  public String kind() {
    return "azure";
  }

  @Override
  public BlobStore open(Config config) throws IOException {
    return new AzureBlobStore(AzureSettings.from(config));
  }
}
