package dev.flowline.runtime;

import dev.flowline.config.Config;
import dev.flowline.config.ConfigValidationException;
import dev.flowline.config.Problem;
import dev.flowline.model.FlowModel;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/** Runs every {@link RunCheck} on the flow's class path before a run starts. */
public final class RunChecks {
  private RunChecks() {}

  /**
   * Fails when any check reports a problem for {@code flow}.
   *
   * @param config the configuration the run uses (with {@code --datastore} and {@code
   *     --datastore-root} applied)
   * @param flowClassLoader the class loader of the flow class, where the checks are found
   * @throws InvalidRunException listing every problem of every check, de-duplicated
   */
  public static void require(FlowModel flow, Config config, ClassLoader flowClassLoader) {
    Set<Problem> problems = new LinkedHashSet<>();
    ServiceLoader.load(RunCheck.class, flowClassLoader)
        .forEach(check -> problems.addAll(check.check(flow, config)));
    if (!problems.isEmpty()) {
      throw new InvalidRunException(
          new ConfigValidationException(List.copyOf(problems)).getMessage() + "\nNothing was run.");
    }
  }
}
