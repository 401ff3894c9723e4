package dev.flowline.cli;

import dev.flowline.runtime.RunStore;
import java.io.IOException;

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
    try {
      return RunStore.open(kindOrNull, context.config(), flow);
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new UsageException(
          e.getMessage() + (e.getMessage().contains("Nothing") ? "" : " Nothing was run."), e);
    }
  }

  /**
   * As {@link #open}, then probes the root (reachable with the credentials, writable), so that a
   * missing bucket, bad credentials or denied access fail with the store's message and exit code 2
   * before any task. The local store is not probed: probing creates its folder, and bad input must
   * leave nothing behind; its problems surface on the first write with its own message.
   *
   * @throws UsageException when the store cannot be opened or the probe fails
   */
  static RunStore openForRun(CliContext context, String kindOrNull, String flow) {
    RunStore store = open(context, kindOrNull, flow);
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
