package dev.flowline.cli;

import dev.flowline.cli.FlowResolver.ResolvedFlow;
import dev.flowline.config.Config;
import dev.flowline.config.ConfigException;
import dev.flowline.model.FlowModel;
import dev.flowline.runtime.LocalLaunch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What every flow command shares: the resolved flow, the environment, the working directory and the
 * output streams. The configuration and the linted flow model are computed once, on first use.
 */
public final class CliContext {
  private final String flowArgument;
  private final ResolvedFlow flow;
  private final Map<String, String> env;
  private final Path workDir;
  private final PrintWriter out;
  private final PrintWriter err;
  private final WorkerCache cache;
  private Config config;
  private FlowModel model;
  private LocalLaunch launch;

  /** A context for the flow given as {@code flowArgument} on the command line. */
  public CliContext(
      String flowArgument,
      ResolvedFlow flow,
      Map<String, String> env,
      Path workDir,
      PrintWriter out,
      PrintWriter err) {
    this(flowArgument, flow, env, workDir, out, err, WorkerCache.none());
  }

  /**
   * A context whose flow model and {@code step} command line come from {@code cache} (a warm worker
   * keeps them between tasks).
   */
  public CliContext(
      String flowArgument,
      ResolvedFlow flow,
      Map<String, String> env,
      Path workDir,
      PrintWriter out,
      PrintWriter err,
      WorkerCache cache) {
    this.cache = cache;
    this.flowArgument = flowArgument;
    this.flow = flow;
    this.env = Map.copyOf(env);
    this.workDir = workDir;
    this.out = out;
    this.err = err;
  }

  /**
   * FLOW as the user wrote it (a class name or a file), for messages such as "run 'bin/flowline X
   * ...'".
   */
  public String flowArgument() {
    return flowArgument;
  }

  /** The flow class and the class path entries of the user's code. */
  public ResolvedFlow flow() {
    return flow;
  }

  /** What a warm worker keeps between tasks (nothing, for other command lines). */
  WorkerCache cache() {
    return cache;
  }

  /** The environment. */
  public Map<String, String> env() {
    return env;
  }

  /** The working directory. */
  public Path workDir() {
    return workDir;
  }

  /** Standard output: results. */
  public PrintWriter out() {
    return out;
  }

  /** Standard error: progress and diagnostics. */
  public PrintWriter err() {
    return err;
  }

  /**
   * The configuration seen from the working directory.
   *
   * @throws UsageException when a configuration file is malformed
   */
  public Config config() {
    if (config == null) {
      try {
        config = Config.load(env, workDir);
      } catch (ConfigException e) {
        throw new UsageException(e.getMessage(), e);
      }
    }
    return config;
  }

  /**
   * The flow's static model, without {@code --with} decorators, linted.
   *
   * @throws UsageException listing every graph problem
   */
  public FlowModel model() {
    if (model == null) {
      model =
          cache.model(flow.flowClass().getName(), () -> FlowGraphs.readLinted(flow.flowClass()));
    }
    return model;
  }

  /**
   * Starts the first worker JVM of a local run now, in the background, so that its start-up
   * overlaps parsing the command line, reading the graph and opening the datastore. {@link
   * #launch(int)} then uses it; {@link #close()} stops it when no run used it.
   */
  void startWorkersEarly() {
    if (launch == null) {
      launch =
          LocalLaunch.prepare(
              flow.flowClass().getName(),
              flow.flowClass().getClassLoader(),
              flow.userClassPath(),
              workDir,
              env,
              RunOptions.DEFAULT_MAX_WORKERS);
    }
  }

  /**
   * The launch of a local run with at most {@code maxWorkers} workers: the one started early, or a
   * new one. The caller closes it.
   */
  LocalLaunch launch(int maxWorkers) {
    startWorkersEarly();
    return launch.maxWorkers(maxWorkers);
  }

  /** Stops the workers of a launch that no command closed (bad input after an early start). */
  void close() {
    if (launch != null) {
      launch.close();
    }
  }

  /**
   * The flow's model with {@code withSpecs} added to every step.
   *
   * @throws UsageException listing every graph problem or bad {@code --with} spec
   */
  public FlowModel model(List<String> withSpecs) {
    return FlowGraphs.withDecorators(model(), withSpecs, flow.flowClass().getClassLoader());
  }
}
