package dev.flowline.runtime;

import dev.flowline.model.FlowModel;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a {@link TaskLauncherFactory} gets to build the launcher of one run.
 *
 * @param model the flow's model, with the run's {@code --with} decorators applied
 * @param store the run's datastore
 * @param env the environment the run was started with
 * @param workDir the run's working directory
 * @param flowClassLoader the class loader of the flow class
 */
public record LaunchContext(
    FlowModel model,
    RunStore store,
    Map<String, String> env,
    Path workDir,
    ClassLoader flowClassLoader) {

  /** Canonical form: immutable environment. */
  public LaunchContext {
    env = Map.copyOf(env);
  }
}
