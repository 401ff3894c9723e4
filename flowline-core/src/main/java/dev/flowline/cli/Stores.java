package dev.flowline.cli;

import dev.flowline.config.Config;
import dev.flowline.datastore.Datastores;
import dev.flowline.runtime.RunStore;
import java.io.IOException;
import java.util.Locale;

/**
 * Opens the datastore for a command; a store that cannot be opened is a usage problem (exit code
 * 2).
 */
final class Stores {
  private Stores() {}

  /**
   * The store of {@code flow}, of kind {@code kindOrNull} or the configured default.
   *
   * @throws UsageException when the kind is unknown or the store cannot be opened
   */
  static RunStore open(CliContext context, String kindOrNull, String flow) {
    return open(context, kindOrNull, null, flow);
  }

  /**
   * The store of {@code flow}, of kind {@code kindOrNull} or the configured default, rooted at
   * {@code rootOrNull} ({@code --datastore-root}) when given, else where the configuration says.
   *
   * @throws UsageException when the kind is unknown, the root blank, or the store cannot be opened
   */
  static RunStore open(CliContext context, DatastoreSelection selection, String flow) {
    return open(context, selection.kind().orElse(null), selection.root().orElse(null), flow);
  }

  static RunStore open(CliContext context, String kindOrNull, String rootOrNull, String flow) {
    try {
      return RunStore.open(
          context.cache().datastores(), kindOrNull, config(context, kindOrNull, rootOrNull), flow);
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new UsageException(
          e.getMessage() + (e.getMessage().contains("Nothing") ? "" : " Nothing was run."), e);
    }
  }

  /**
   * The configuration with {@code --datastore-root ROOT} applied: it stands for {@code
   * METAFLOW_DATASTORE_SYSROOT_<KIND>} of the selected kind, above the environment and the
   * configuration files.
   */
  static Config config(CliContext context, String kindOrNull, String rootOrNull) {
    if (rootOrNull == null) {
      return context.config();
    }
    if (rootOrNull.isBlank()) {
      throw new UsageException(
          "--datastore-root: the value is empty. Give a folder (local) or a bucket URL such as"
              + " s3://my-bucket/flowline, or leave the option out.");
    }
    String kind = Datastores.selectKind(kindOrNull, context.config());
    return context.config().withValue(sysrootKey(kind), rootOrNull, "--datastore-root");
  }

  /** The key that roots datastore {@code kind}: {@code METAFLOW_DATASTORE_SYSROOT_<KIND>}. */
  static String sysrootKey(String kind) {
    return "METAFLOW_DATASTORE_SYSROOT_" + kind.toUpperCase(Locale.ROOT);
  }

  /**
   * As {@link #open}, then probes the root (reachable with the credentials, writable), so that a
   * missing bucket, bad credentials or denied access fail with the store's message and exit code 2
   * before any task. The local store is not probed: probing creates its folder, and bad input must
   * leave nothing behind; its problems surface on the first write with its own message.
   *
   * @throws UsageException when the store cannot be opened or the probe fails
   */
  static RunStore openForRun(
      CliContext context, String kindOrNull, String rootOrNull, String flow) {
    RunStore store = open(context, kindOrNull, rootOrNull, flow);
    if (store.blobs().kind().equals("local")) {
      return store;
    }
    try {
      store.blobs().probe();
      return store;
    } catch (IOException e) {
      try {
        store.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw new UsageException(e.getMessage() + " Nothing was run.", e);
    }
  }
}
