package dev.flowline.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one task attempt's {@code step} command to its end: on a warm worker of the pool, or in a
 * JVM of its own when the step sets environment variables, and kills it when its time limit passes.
 * One-shot JVMs are kept in the shared set while they run, so that the runtime can kill them when
 * the run stops.
 */
final class TaskAttemptProcess {
  /**
   * How an attempt ended.
   *
   * @param exitCode the process exit code, {@link WorkerProcess#CRASHED} when it timed out or could
   *     not start
   * @param timedOut whether it was killed for passing its time limit
   */
  record Result(int exitCode, boolean timedOut) {}

  private final WorkerPool pool;
  private final JvmCommand jvm;
  private final Path workDir;
  private final Map<String, String> env;
  private final Set<WorkerProcess> oneShots;

  TaskAttemptProcess(
      WorkerPool pool,
      JvmCommand jvm,
      Path workDir,
      Map<String, String> env,
      Set<WorkerProcess> oneShots) {
    this.pool = pool;
    this.jvm = jvm;
    this.workDir = workDir;
    this.env = env;
    this.oneShots = oneShots;
  }

  /**
   * Runs {@code args} with the step's own {@code environment} (empty: on a pool worker), killed
   * after {@code limit} by a timer of {@code timers}; what it prints goes to {@code output}.
   */
  Result run(
      List<String> args,
      Map<String, String> environment,
      Optional<Duration> limit,
      AttemptOutput output,
      ScheduledExecutorService timers) {
    var timedOut = new AtomicBoolean();
    int code;
    try {
      if (!environment.isEmpty()) {
        var taskEnv = new HashMap<>(env);
        taskEnv.putAll(environment);
        WorkerProcess w = WorkerProcess.startOneShot(jvm, args, workDir, taskEnv, output);
        oneShots.add(w);
        var timer =
            limit.map(
                t ->
                    timers.schedule(
                        () -> {
                          timedOut.set(true);
                          w.kill();
                        },
                        t.toMillis(),
                        TimeUnit.MILLISECONDS));
        code = w.awaitOneShot();
        timer.ifPresent(t -> t.cancel(false));
        oneShots.remove(w);
      } else {
        WorkerProcess w = pool.acquire();
        var timer =
            limit.map(
                t ->
                    timers.schedule(
                        () -> {
                          timedOut.set(true);
                          pool.kill(w);
                        },
                        t.toMillis(),
                        TimeUnit.MILLISECONDS));
        code = w.runTask(args, output);
        timer.ifPresent(t -> t.cancel(false));
        pool.release(w, code == WorkerProcess.CRASHED || timedOut.get());
      }
    } catch (IOException e) {
      output.line(true, "could not start the task: " + e.getMessage());
      code = WorkerProcess.CRASHED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = WorkerProcess.CRASHED;
    }
    boolean killed = timedOut.get();
    return new Result(killed ? WorkerProcess.CRASHED : code, killed);
  }
}
