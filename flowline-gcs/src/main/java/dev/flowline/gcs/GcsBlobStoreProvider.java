package dev.flowline.gcs;

import dev.flowline.config.Config;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.BlobStoreProvider;
import java.io.IOException;

/**
 * Opens the {@code gs} datastore from {@code METAFLOW_DATASTORE_SYSROOT_GS} and Google credentials.
 */
public final class GcsBlobStoreProvider implements BlobStoreProvider {
  @Override
  public String kind() {
    return "gs";
  }

  @Override
  public BlobStore open(Config config) throws IOException {
    return new GcsBlobStore(GcsSettings.from(config));
  }
}
