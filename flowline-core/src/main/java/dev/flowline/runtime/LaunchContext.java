package dev.flowline.runtime;

import dev.flowline.config.Config;
import dev.flowline.model.FlowModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a {@link TaskLauncherFactory} gets to build the launcher of one run.
 *
 * @param model the flow's model, with the run's {@code --with} decorators applied
 * @param store the run's datastore
 * @param env the environment the run was started with
 * @param workDir the run's working directory
 * @param flowClassLoader the class loader of the flow class
 * @param userClassPath where the flow's own classes are, beyond the application's class path
 *     ({@code java.class.path}), e.g. the classes of a flow compiled from a single {@code .java}
 *     file
 * @param config the run's configuration ({@code --datastore} and {@code --datastore-root} applied),
 *     the same its {@link RunCheck}s saw
 * @param user the user running the flow
 */
public record LaunchContext(
    FlowModel model,
    RunStore store,
    Map<String, String> env,
    Path workDir,
    ClassLoader flowClassLoader,
    List<Path> userClassPath,
    Config config,
    String user) {

  /** Canonical form: immutable environment. */
  public LaunchContext {
    env = Map.copyOf(env);
    userClassPath = List.copyOf(userClassPath);
  }
}
