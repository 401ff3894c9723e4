package dev.flowline.cli;

import dev.flowline.Flowline;
import dev.flowline.runtime.WorkerTaskRunner;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the {@code step} command lines of a warm worker through the CLI, keeping the flow's model,
 * the parsed command line and the datastore providers between tasks ({@link WorkerCache}).
 */
public final class StepCommandRunner implements WorkerTaskRunner {
  private final WorkerCache cache = WorkerCache.forWorker();

  /** A runner for the tasks of one worker (found by {@link java.util.ServiceLoader}). */
  public StepCommandRunner() {}

  @Override
  public void warmUp(String flowClass, ClassLoader loader) {
    Flowline.warmUp(flowClass, loader, cache);
  }

  @Override
  public int run(List<String> args, ClassLoader loader) {
    return Flowline.execute(
        args, System.getenv(), Path.of(""), loader, System.out, System.err, cache);
  }
}
