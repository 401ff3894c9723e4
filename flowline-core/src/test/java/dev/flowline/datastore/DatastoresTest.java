package dev.flowline.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.config.Config;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatastoresTest {
  @TempDir Path dir;

  private Config config(Map<String, String> env) {
    var all = new java.util.HashMap<>(env);
    all.put("METAFLOW_HOME", dir.resolve("home").toString());
    return Config.load(all, dir);
  }

  /** A second provider of kind local, as a duplicate jar would bring. */
  static final class OtherLocal implements BlobStoreProvider {
    @Override
    public String kind() {
      return "local";
    }

    @Override
    public BlobStore open(Config config) {
      throw new AssertionError();
    }
  }

  @Test
  void theLocalStoreIsFoundOnTheClassPathAndIsTheDefault() throws IOException {
    var ds = Datastores.discover(getClass().getClassLoader());
    assertThat(ds.kinds()).contains("local");
    try (BlobStore store = ds.openStore(null, config(Map.of()))) {
      assertThat(store.kind()).isEqualTo("local");
      assertThat(store.root()).isEqualTo(dir.resolve(".metaflow").toString());
    }
  }

  @Test
  void theNearestDotMetaflowFromTheWorkingDirectoryUpIsTheLocalStore() throws IOException {
    java.nio.file.Files.createDirectories(dir.resolve(".metaflow"));
    Path sub = java.nio.file.Files.createDirectories(dir.resolve("a/b"));
    try (BlobStore store = Datastores.open("local", Config.load(Map.of(), sub))) {
      assertThat(store.root()).isEqualTo(dir.resolve(".metaflow").toString());
    }
    var set = Config.load(Map.of("METAFLOW_DATASTORE_SYSROOT_LOCAL", sub.toString()), sub);
    try (BlobStore store = Datastores.open("local", set)) {
      assertThat(store.root()).isEqualTo(sub.resolve(".metaflow").toString());
    }
  }

  @Test
  void theSysrootKeyNamesTheFolderThatHoldsDotMetaflow() throws IOException {
    var cfg = config(Map.of("METAFLOW_DATASTORE_SYSROOT_LOCAL", dir.resolve("data").toString()));
    try (BlobStore store = Datastores.open("local", cfg)) {
      assertThat(store.root()).isEqualTo(dir.resolve("data/.metaflow").toString());
    }
  }

  @Test
  void theKindComesFromTheOptionThenTheDefaultKey() {
    var cfg = config(Map.of("METAFLOW_DEFAULT_DATASTORE", "s3"));
    assertThat(Datastores.selectKind(null, cfg)).isEqualTo("s3");
    assertThat(Datastores.selectKind("azure", cfg)).isEqualTo("azure");
    assertThat(Datastores.selectKind(null, config(Map.of()))).isEqualTo("local");
  }

  @Test
  void anUnknownKindListsTheAvailableOnes() {
    var ds = Datastores.of(List.of(new LocalBlobStoreProvider()));
    assertThatThrownBy(() -> ds.openStore("s4", config(Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--datastore: unknown datastore kind 's4'; available kinds are [local]. Use one of them, or add the"
                + " module that provides 's4' (e.g. flowline-s3 for s3) to the class path.");
    assertThatThrownBy(() -> ds.openStore(null, config(Map.of("METAFLOW_DEFAULT_DATASTORE", "gs"))))
        .hasMessageStartingWith("METAFLOW_DEFAULT_DATASTORE: unknown datastore kind 'gs'");
  }

  @Test
  void twoProvidersOfOneKindAreNamed() {
    assertThatThrownBy(() -> Datastores.of(List.of(new LocalBlobStoreProvider(), new OtherLocal())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "datastore kind 'local' is provided by both dev.flowline.datastore.LocalBlobStoreProvider and"
                + " dev.flowline.datastore.DatastoresTest$OtherLocal.");
  }
}
