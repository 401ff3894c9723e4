package dev.flowline.testkit.datastore;

import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.LocalBlobStore;
import org.junit.jupiter.api.io.TempDir;

/** Flowline's datastore layers on the local folder store. */
class LocalDatastoreLayersTest extends DatastoreLayersContract {
  @TempDir java.nio.file.Path root;

  @Override
  protected BlobStore openStore() {
    return new LocalBlobStore(root);
  }
}
