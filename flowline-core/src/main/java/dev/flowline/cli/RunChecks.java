package dev.flowline.cli;

import dev.flowline.config.Config;
import dev.flowline.config.DatastoreOptions;
import dev.flowline.datastore.Datastores;
import dev.flowline.model.FlowModel;
import dev.flowline.runtime.InvalidRunException;

/**
 * The configuration {@code run} and {@code resume} use, and their early {@link
 * dev.flowline.runtime.RunCheck}s.
 */
final class RunChecks {
  private RunChecks() {}

  /**
   * The configuration as {@code run} uses it: {@code --datastore KIND}, when given, stands for
   * {@code METAFLOW_DEFAULT_DATASTORE}, and {@code --datastore-root ROOT} for the selected kind's
   * {@code METAFLOW_DATASTORE_SYSROOT_<KIND>}.
   */
  static Config effectiveConfig(CliContext context, String datastoreOrNull, String rootOrNull) {
    Config config = context.config();
    if (datastoreOrNull != null && !datastoreOrNull.isBlank()) {
      config =
          config.withValue(
              DatastoreOptions.DEFAULT_DATASTORE.key(), datastoreOrNull, "--datastore");
    }
    if (rootOrNull != null && !rootOrNull.isBlank()) {
      String kind = Datastores.selectKind(datastoreOrNull, context.config());
      config = config.withValue(Stores.sysrootKey(kind), rootOrNull, "--datastore-root");
    }
    return config;
  }

  /**
   * Fails when any {@link dev.flowline.runtime.RunCheck} reports a problem, before anything is
   * opened (the runtime checks again when the run starts).
   *
   * @throws InvalidRunException listing every problem of every check, de-duplicated
   */
  static void require(
      CliContext context, FlowModel flow, String datastoreOrNull, String rootOrNull) {
    dev.flowline.runtime.RunChecks.require(
        flow,
        effectiveConfig(context, datastoreOrNull, rootOrNull),
        context.flow().flowClass().getClassLoader());
  }
}
