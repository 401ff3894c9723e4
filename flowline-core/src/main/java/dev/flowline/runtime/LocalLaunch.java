package dev.flowline.runtime;

import dev.flowline.config.Config;
import dev.flowline.config.UserName;
import dev.flowline.metadata.RunIds;
import dev.flowline.model.FlowModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a run from this machine, with or without the CLI: starts the first warm worker JVM right
 * away (so its start-up overlaps reading the graph, checking parameters and opening the datastore),
 * then applies the {@link RunCheck}s, chooses each step's {@link TaskLauncher} (the local one
 * unless a {@link TaskLauncherFactory} handles the step) and runs or resumes the flow.
 */
public final class LocalLaunch implements AutoCloseable {
  /** Extra JVM options for worker JVMs, space separated. */
  public static final String WORKER_OPTS_ENV = "FLOWLINE_WORKER_JVM_OPTS";

  private final String flowClass;
  private final Path workDir;
  private final Map<String, String> env;
  private final JvmCommand jvm;
  private final WorkerPool pool;
  private final ClassLoader flowClassLoader;
  private final List<Path> userClassPath;

  private LocalLaunch(
      String flowClass,
      ClassLoader flowClassLoader,
      List<Path> userClassPath,
      Path workDir,
      Map<String, String> env,
      int maxWorkers) {
    this.flowClass = flowClass;
    this.flowClassLoader = flowClassLoader;
    this.userClassPath = List.copyOf(userClassPath);
    this.workDir = workDir;
    this.env = Map.copyOf(env);
    String extra = env.getOrDefault(WORKER_OPTS_ENV, "").trim();
    this.jvm =
        JvmCommand.forCurrentProcess(
            userClassPath, extra.isEmpty() ? List.of() : Arrays.asList(extra.split("\\s+")));
    this.pool = new WorkerPool(jvm, flowClass, workDir, env, maxWorkers);
  }

  /** Sets the most workers the run may use ({@code --max-workers}), before it runs. */
  public LocalLaunch maxWorkers(int maxWorkers) {
    pool.max(maxWorkers);
    return this;
  }

  /**
   * Prepares a run of {@code flowClass} and starts its first worker in the background.
   *
   * @param flowClassLoader the loader of the flow class: where {@link RunCheck}s and {@link
   *     TaskLauncherFactory}s are found
   */
  public static LocalLaunch prepare(
      String flowClass,
      ClassLoader flowClassLoader,
      List<Path> userClassPath,
      Path workDir,
      Map<String, String> env,
      int maxWorkers) {
    var launch =
        new LocalLaunch(flowClass, flowClassLoader, userClassPath, workDir, env, maxWorkers);
    launch.pool.prestart();
    return launch;
  }

  /**
   * Runs a new run of {@code model} to the end: the exit code (0 completed, 1 failed).
   *
   * @param parameters the run's parameters (see {@link RunParameters#save})
   * @param config the configuration of the run, for its {@link RunCheck}s
   * @throws InvalidRunException when a {@link RunCheck} or the launchers reject the run (nothing
   *     was run)
   */
  public int run(
      FlowModel model,
      RunStore store,
      RunParameters parameters,
      LocalRuntime.Options options,
      Config config,
      PrintWriter out,
      PrintWriter err,
      boolean progress)
      throws IOException {
    return runtime(model, store, options, config, out, err, progress)
        .run(RunIds.system().next(), parameters, Optional.empty());
  }

  /**
   * Resumes run {@code originRunId}: a new run that clones the origin's successful tasks before
   * {@code fromStep} (or before the failed tasks) and runs the rest; the exit code.
   *
   * @throws InvalidRunException as {@link #run}
   */
  public int resume(
      FlowModel model,
      RunStore store,
      String originRunId,
      Optional<String> fromStep,
      LocalRuntime.Options options,
      Config config,
      PrintWriter out,
      PrintWriter err,
      boolean verbose)
      throws IOException {
    var plan = ResumePlan.of(model, store, originRunId, fromStep);
    var origin = store.run(originRunId);
    return runtime(model, store, options, config, out, err, verbose)
        .run(RunIds.system().next(), RunParameters.of(origin), Optional.of(plan));
  }

  private LocalRuntime runtime(
      FlowModel model,
      RunStore store,
      LocalRuntime.Options options,
      Config config,
      PrintWriter out,
      PrintWriter err,
      boolean verbose) {
    RunChecks.require(model, config, flowClassLoader);
    var local = new LocalTaskLauncher(pool, jvm, workDir, env, store);
    var context =
        new LaunchContext(
            model,
            store,
            env,
            workDir,
            flowClassLoader,
            userClassPath,
            config,
            UserName.of(config));
    Launchers launchers;
    try {
      launchers = Launchers.choose(local, Launchers.discover(flowClassLoader), context);
    } catch (RuntimeException e) {
      local.close();
      throw e;
    }
    return new LocalRuntime(
        model,
        flowClass,
        store,
        launchers,
        options,
        new TaskConsole(out, err, verbose, TaskConsole.onTerminal(env), System::nanoTime));
  }

  /** Stops the workers (when the run never started, e.g. on bad input). Idempotent. */
  @Override
  public void close() {
    pool.close();
  }
}
