package dev.flowline.testkit.datastore;

import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.LocalBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The blob-store contract on the local folder store. */
class LocalBlobStoreContractTest extends BlobStoreContract {
  private static Path root;

  @BeforeAll
  static void createRoot() throws Exception {
    root = Files.createTempDirectory("flowline-local-contract");
  }

  @AfterAll
  static void deleteRoot() throws Exception {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Override
  protected BlobStore openStore() {
    return new LocalBlobStore(root);
  }
}
