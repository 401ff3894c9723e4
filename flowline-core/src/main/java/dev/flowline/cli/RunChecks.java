package dev.flowline.cli;

import dev.flowline.config.Config;
import dev.flowline.config.ConfigValidationException;
import dev.flowline.config.DatastoreOptions;
import dev.flowline.config.Problem;
import dev.flowline.datastore.Datastores;
import dev.flowline.model.FlowModel;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/** Runs every {@link RunCheck} on the flow's class path before {@code run} or {@code resume}. */
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
   * Fails when any check reports a problem.
   *
   * @throws UsageException listing every problem of every check, de-duplicated
   */
  static void require(
      CliContext context, FlowModel flow, String datastoreOrNull, String rootOrNull) {
    Config config = effectiveConfig(context, datastoreOrNull, rootOrNull);
    Set<Problem> problems = new LinkedHashSet<>();
    ServiceLoader.load(RunCheck.class, context.flow().flowClass().getClassLoader())
        .forEach(check -> problems.addAll(check.check(flow, config)));
    if (!problems.isEmpty()) {
      throw new UsageException(
          new ConfigValidationException(List.copyOf(problems)).getMessage() + "\nNothing was run.");
    }
  }
}
