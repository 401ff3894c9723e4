package dev.flowline.cli;

import dev.flowline.runtime.RunStore;
import java.io.IOException;

/** Opens the datastore for a command; a store that cannot be opened is a usage problem (exit code 2). */
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
      throw new UsageException(e.getMessage() + (e.getMessage().contains("Nothing") ? "" : " Nothing was run."), e);
    }
  }
}
