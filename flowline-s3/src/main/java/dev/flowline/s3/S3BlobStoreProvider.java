package dev.flowline.s3;

import dev.flowline.config.Config;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.BlobStoreProvider;
import java.io.IOException;

/**
 * Opens the {@code s3} datastore from {@code METAFLOW_DATASTORE_SYSROOT_S3} and Metaflow's S3 keys.
 */
public final class S3BlobStoreProvider implements BlobStoreProvider {
  @Override
  public String kind() {
    return "s3";
  }

  @Override
  public BlobStore open(Config config) throws IOException {
    return new S3BlobStore(S3Settings.from(config));
  }
}
