package dev.flowline.datastore;

import dev.flowline.config.Config;
import java.io.IOException;

/**
 * Opens a {@link BlobStore} of one kind; found with {@link java.util.ServiceLoader} (register the
 * implementation in {@code META-INF/services/dev.flowline.datastore.BlobStoreProvider}).
 */
public interface BlobStoreProvider {
  /** The kind, as used by {@code --datastore} and {@code METAFLOW_DEFAULT_DATASTORE}. */
  String kind();

  /**
   * Opens the store rooted where {@code config} says (e.g. {@code METAFLOW_DATASTORE_SYSROOT_S3}).
   *
   * @throws IOException when the root is missing or malformed, naming the key and the fix
   */
  BlobStore open(Config config) throws IOException;
}
