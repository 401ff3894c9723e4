package dev.flowline.datastore;

import dev.flowline.config.Config;
import dev.flowline.config.DatastoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the {@code local} store. Its root is {@code $METAFLOW_DATASTORE_SYSROOT_LOCAL/.metaflow}
 * when that key is set (Metaflow's rule: the key names the folder that holds {@code .metaflow}),
 * else the nearest {@code .metaflow} folder from the working directory up (Metaflow's rule, so that
 * commands in a subfolder of a project find its runs), else {@code .metaflow} in the working
 * directory.
 */
public final class LocalBlobStoreProvider implements BlobStoreProvider {
  /** The configuration key of the local root. */
  public static final String SYSROOT_KEY = DatastoreOptions.SYSROOT_LOCAL.key();

  @Override
  public String kind() {
    return "local";
  }

  @Override
  public BlobStore open(Config config) {
    Path root = root(config);
    for (Path folder : new Path[] {root.getParent(), root}) {
      if (Files.exists(folder) && !Files.isDirectory(folder)) {
        String given =
            config
                .lookup(SYSROOT_KEY)
                .map(v -> v.key() + " (from " + v.source() + "): value \"" + v.value() + "\": ")
                .orElse("");
        throw new IllegalArgumentException(
            given
                + folder
                + " is a file; the local datastore is the folder .metaflow in a folder. Give "
                + SYSROOT_KEY
                + " a folder (it is created if missing), or move the file away.");
      }
    }
    return new LocalBlobStore(root);
  }

  /** The folder the local store of {@code config} lives in. */
  public static Path root(Config config) {
    Path base =
        config
            .get(SYSROOT_KEY)
            .filter(v -> !v.isBlank())
            .map(v -> config.workDir().resolve(v))
            .orElseGet(() -> nearestWithStore(config.workDir()));
    return base.resolve(".metaflow").toAbsolutePath().normalize();
  }

  /** The nearest folder from {@code workDir} up that has a {@code .metaflow} folder, else it. */
  private static Path nearestWithStore(Path workDir) {
    Path start = workDir.toAbsolutePath().normalize();
    for (Path d = start; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve(".metaflow"))) {
        return d;
      }
    }
    return start;
  }
}
