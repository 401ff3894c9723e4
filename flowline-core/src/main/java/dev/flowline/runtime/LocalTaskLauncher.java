package dev.flowline.runtime;

import dev.flowline.datastore.TaskPath;
import dev.flowline.metadata.AttemptRecord;
import dev.flowline.metadata.ExceptionSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Runs attempts on this machine: on a warm worker of the pool, or in a JVM of its own when the step
 * sets environment variables, and kills an attempt when its time limit passes. Each attempt waits
 * on a thread of its own and always reports its end, also when something unexpected fails.
 */
final class LocalTaskLauncher implements TaskLauncher {
  private final WorkerPool pool;
  private final JvmCommand jvm;
  private final Path workDir;
  private final Map<String, String> env;
  private final RunStore store;
  private final String flow;
  private final ScheduledExecutorService timers;
  private final ExecutorService threads = Executors.newCachedThreadPool(daemon("flowline-task"));
  private final Set<WorkerProcess> oneShots = ConcurrentHashMap.newKeySet();
  private final Map<TaskSpec, WorkerProcess> oneShotsBySpec = new ConcurrentHashMap<>();
  private final Set<TaskSpec> stopRequested = ConcurrentHashMap.newKeySet();

  /**
   * A launcher over {@code pool}; one-shot JVMs use {@code jvm} with {@code env} plus the step's
   * environment; {@code timers} enforce time limits.
   */
  LocalTaskLauncher(
      WorkerPool pool,
      JvmCommand jvm,
      Path workDir,
      Map<String, String> env,
      RunStore store,
      ScheduledExecutorService timers) {
    this.pool = pool;
    this.jvm = jvm;
    this.workDir = workDir;
    this.env = Map.copyOf(env);
    this.store = store;
    this.flow = store.flow();
    this.timers = timers;
  }

  /** A launcher with timers of its own. */
  LocalTaskLauncher(
      WorkerPool pool, JvmCommand jvm, Path workDir, Map<String, String> env, RunStore store) {
    this(
        pool,
        jvm,
        workDir,
        env,
        store,
        Executors.newSingleThreadScheduledExecutor(daemon("flowline-timer")));
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public void launch(TaskAttempt attempt, AttemptListener listener) {
    try {
      threads.execute(() -> runReporting(attempt, listener));
    } catch (RejectedExecutionException e) {
      listener.finished(new AttemptOutcome.InfrastructureFailure("the run is stopping"));
    }
  }

  private void runReporting(TaskAttempt attempt, AttemptListener listener) {
    AttemptOutcome outcome =
        new AttemptOutcome.InfrastructureFailure("the launcher ended without a result");
    try {
      listener.started();
      outcome = run(attempt, listener);
    } catch (RuntimeException | Error e) {
      outcome = new AttemptOutcome.InfrastructureFailure(e.toString());
      listener.line(true, "flowline: the attempt could not be run: " + e);
    } finally {
      listener.finished(outcome);
    }
  }

  private AttemptOutcome run(TaskAttempt attempt, AttemptListener listener) {
    try {
      return attempt.environment().isEmpty()
          ? onWorker(attempt, listener)
          : inOwnJvm(attempt, listener);
    } catch (IOException e) {
      listener.line(true, "could not start the task: " + e.getMessage());
      return new AttemptOutcome.InfrastructureFailure(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new AttemptOutcome.InfrastructureFailure("interrupted while running the task");
    }
  }

  private AttemptOutcome onWorker(TaskAttempt attempt, AttemptListener listener)
      throws IOException, InterruptedException {
    WorkerProcess w = pool.acquire();
    var deadline = AttemptDeadline.start(attempt.timeLimit(), timers, () -> pool.kill(w));
    WorkerProtocol.Done done = w.runTask(attempt.stepArgs(), listener, deadline::ended);
    deadline.ended();
    pool.release(w, done.retire() || done.exitCode() == WorkerProcess.CRASHED || deadline.passed());
    return outcome(attempt, done.exitCode(), deadline.passed());
  }

  private AttemptOutcome inOwnJvm(TaskAttempt attempt, AttemptListener listener)
      throws IOException, InterruptedException {
    var taskEnv = new HashMap<>(env);
    taskEnv.putAll(attempt.environment());
    if (stopRequested.contains(attempt.spec())) {
      listener.line(true, "flowline: the attempt was stopped before it started");
      return new AttemptOutcome.Crashed(Optional.empty());
    }
    WorkerProcess w =
        WorkerProcess.startOneShot(jvm, attempt.stepArgs(), workDir, taskEnv, listener);
    oneShots.add(w);
    oneShotsBySpec.put(attempt.spec(), w);
    if (stopRequested.contains(attempt.spec())) {
      w.kill();
    }
    try {
      var deadline = AttemptDeadline.start(attempt.timeLimit(), timers, w::kill);
      int code = w.awaitOneShot(deadline::ended);
      return outcome(attempt, code, deadline.passed());
    } finally {
      oneShots.remove(w);
      oneShotsBySpec.remove(attempt.spec());
      stopRequested.remove(attempt.spec());
    }
  }

  /**
   * The outcome of an attempt that ended with {@code exitCode}: the step's own result when it
   * recorded one (0 or 1), also when its limit passed just after; else a crash or a timeout.
   */
  private AttemptOutcome outcome(TaskAttempt attempt, int exitCode, boolean limitPassed) {
    if (exitCode == 0) {
      return new AttemptOutcome.Succeeded();
    }
    if (exitCode == 1) {
      return new AttemptOutcome.Failed(recordedException(attempt));
    }
    if (limitPassed) {
      return new AttemptOutcome.TimedOut(attempt.timeLimit().orElseThrow());
    }
    return new AttemptOutcome.Crashed(
        exitCode == WorkerProcess.CRASHED ? Optional.empty() : Optional.of(exitCode));
  }

  private Optional<ExceptionSummary> recordedException(TaskAttempt attempt) {
    var spec = attempt.spec();
    try {
      return store
          .metadata()
          .attempts(new TaskPath(flow, spec.runId(), spec.stepName(), spec.taskId()))
          .stream()
          .filter(a -> a.number() == spec.attempt())
          .findFirst()
          .flatMap(AttemptRecord::exception);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Loopback, with {@code METAFLOW_KUBERNETES_PORT} of the environment when set (as in a pod), else
   * a port free now.
   */
  @Override
  public GangControl gangControl(dev.flowline.model.StepModel step, TaskSpec control) {
    String configured = env.getOrDefault("METAFLOW_KUBERNETES_PORT", "").trim();
    if (configured.isEmpty()) {
      return GangControl.loopback(Optional.empty());
    }
    try {
      int port = Integer.parseInt(configured);
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return GangControl.loopback(Optional.of(port));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "METAFLOW_KUBERNETES_PORT=\""
              + configured
              + "\" is not a port (a whole number from 1 to 65535); set e.g."
              + " METAFLOW_KUBERNETES_PORT=8080 or unset it to use a free port",
          e);
    }
  }

  /** Kills the one-shot JVM of {@code spec} (gang nodes always run in one). */
  @Override
  public void stop(TaskSpec spec) {
    stopRequested.add(spec);
    WorkerProcess w = oneShotsBySpec.get(spec);
    if (w != null) {
      w.kill();
    }
  }

  @Override
  public void backlog(int readyTasks) {
    pool.backlog(readyTasks);
  }

  @Override
  public void stopAll() {
    pool.close();
    oneShots.forEach(WorkerProcess::kill);
  }

  @Override
  public void close() {
    stopAll();
    threads.shutdownNow();
    timers.shutdownNow();
  }

  static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
