package dev.flowline.runtime;

import dev.flowline.datastore.TaskPath;
import dev.flowline.metadata.NewRun;
import dev.flowline.metadata.RunStatus;
import dev.flowline.metadata.TaskCloner;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a flow on this machine: registers the run, then schedules ready tasks up to {@code
 * maxWorkers} at once, each through the internal {@code step} command on a warm worker JVM (or a
 * JVM of its own when the step sets environment variables). Applies retries, {@code @Catch} for
 * crashed or timed-out attempts and {@code @Timeout}; stops everything on the first task that fails
 * for good, on Ctrl-C or SIGTERM, keeping the data of every finished task.
 */
public final class LocalRuntime {
  /**
   * Options of {@code run} and {@code resume}.
   *
   * @param maxWorkers how many tasks run at once
   * @param maxNumSplits the largest foreach allowed
   * @param tags user tags of the run
   * @param runIdFile where to write the run id as soon as it is known
   * @param withSpecs {@code --with} decorators, passed on to every task
   * @param datastore the {@code --datastore} kind, if given
   * @param datastoreRoot the {@code --datastore-root}, if given
   * @param user who runs it ({@link dev.flowline.config.UserName})
   */
  public record Options(
      int maxWorkers,
      int maxNumSplits,
      List<String> tags,
      Optional<Path> runIdFile,
      List<String> withSpecs,
      Optional<String> datastore,
      Optional<String> datastoreRoot,
      String user) {
    /** Canonical form: immutable lists. */
    public Options {
      tags = List.copyOf(tags);
      withSpecs = List.copyOf(withSpecs);
    }
  }

  private record Pending(
      Scheduler.ReadyTask task, String taskId, int attempt, Optional<String> handled) {}

  private record Finished(Pending pending, int exitCode, boolean timedOut, AttemptOutput output) {}

  private final FlowModel model;
  private final String flowClass;
  private final RunStore store;
  private final WorkerPool pool;
  private final Options options;
  private final TaskConsole console;
  private final String user;
  private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final Set<WorkerProcess> oneShots = ConcurrentHashMap.newKeySet();
  private final TaskAttemptProcess process;
  private final CrashedAttemptRecorder crashes;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private long nextTaskId = 1;

  LocalRuntime(
      FlowModel model,
      String flowClass,
      RunStore store,
      WorkerPool pool,
      JvmCommand jvm,
      Path workDir,
      Map<String, String> env,
      Options options,
      TaskConsole console) {
    this.model = model;
    this.flowClass = flowClass;
    this.store = store;
    this.pool = pool;
    this.options = options;
    this.console = console;
    this.user = options.user();
    this.process = new TaskAttemptProcess(pool, jvm, workDir, Map.copyOf(env), oneShots);
    this.crashes = new CrashedAttemptRecorder(store, console);
  }

  /**
   * Starts a new run with {@code parameters} and runs it to the end: the exit code.
   *
   * @param resume the plan when this run resumes another, else empty
   */
  int run(String runId, RunParameters parameters, Optional<ResumePlan> resume) throws IOException {
    var systemTags = new ArrayList<String>(List.of("user:" + user, "runtime:local"));
    resume.ifPresent(r -> systemTags.add("origin_run_id:" + r.originRunId()));
    store
        .metadata()
        .startRun(
            new NewRun(
                model.name(),
                runId,
                user,
                options.tags(),
                systemTags,
                parameters.asGiven(),
                parameters.values()));
    if (options.runIdFile().isPresent()) {
      Files.writeString(options.runIdFile().get(), runId);
    }
    console.progress(
        "Workflow " + model.name() + " starting (run-id " + runId + ") for user " + user);
    Thread hook = new Thread(() -> interrupted(runId), "flowline-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean ok;
    long started = System.nanoTime();
    try (var signals = InterruptSignals.install(() -> interrupted(runId))) {
      ok = execute(runId, resume);
    } finally {
      if (!stopping.get()) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
      pool.close();
      console.close();
    }
    if (stopping.get()) {
      return 1;
    }
    store.metadata().finishRun(model.name(), runId, ok ? RunStatus.COMPLETED : RunStatus.FAILED);
    if (ok) {
      console.progress(
          "Done! Run "
              + model.name()
              + "/"
              + runId
              + " completed in "
              + TaskConsole.text(java.time.Duration.ofNanos(System.nanoTime() - started))
              + ". Its artifacts: 'dump "
              + runId
              + "/end' (any step), its output: 'logs "
              + runId
              + "/STEP'.");
      return 0;
    }
    console.always(
        "Run "
            + model.name()
            + "/"
            + runId
            + " failed. Finished tasks are kept: see 'logs "
            + runId
            + "/STEP', or continue with 'resume --origin-run-id "
            + runId
            + "'.");
    return 1;
  }

  private void interrupted(String runId) {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    pool.close();
    oneShots.forEach(WorkerProcess::kill);
    try {
      store.metadata().finishRun(model.name(), runId, RunStatus.FAILED);
    } catch (IOException | RuntimeException e) {
      System.err.println("could not mark run " + runId + " as failed: " + e.getMessage());
    }
    System.err.println(
        "Run "
            + model.name()
            + "/"
            + runId
            + " interrupted: running tasks were stopped, finished tasks"
            + " are kept. Continue with 'resume --origin-run-id "
            + runId
            + "'.");
    System.err.flush();
  }

  private boolean execute(String runId, Optional<ResumePlan> resume) throws IOException {
    var scheduler = new Scheduler(model, options.maxNumSplits());
    var ready = new ArrayDeque<Pending>();
    ExecutorService threads = Executors.newCachedThreadPool(daemon("flowline-task"));
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(daemon("flowline-timer"));
    ready.add(new Pending(scheduler.start(), null, 0, Optional.empty()));
    int running = 0;
    int delayed = 0;
    boolean failed = false;
    try {
      while (true) {
        while (!failed && !ready.isEmpty() && running < options.maxWorkers()) {
          Pending p = ready.poll();
          if (p.taskId() == null && resume.isPresent()) {
            Optional<TaskPath> source = resume.get().cloneSource(p.task());
            if (source.isPresent()) {
              failed |= !cloned(runId, p, source.get(), resume.get(), scheduler, ready);
              continue;
            }
          }
          Pending launched = p.taskId() == null ? withId(p) : p;
          threads.submit(() -> attempt(runId, launched, timers));
          running++;
        }
        if (running == 0 && delayed == 0) {
          break;
        }
        pool.backlog(ready.size());
        Object event = take();
        if (event instanceof Pending retry) {
          delayed--;
          if (!failed) {
            ready.add(retry);
          }
          continue;
        }
        running--;
        var f = (Finished) event;
        Pending p = f.pending();
        StepModel step = model.step(p.task().step());
        TaskPath path = new TaskPath(model.name(), runId, step.name(), p.taskId());
        if (f.exitCode() == 0) {
          console.taskSucceeded(prefix(runId, p), step.name());
          try {
            int splits = step.type() == StepType.FOREACH ? numSplits(path, p.attempt()) : 0;
            if (splits > 0) {
              console.expect(runId, step.next().get(0), splits);
            }
            for (var next : scheduler.succeeded(p.task(), path.inputPath(), splits)) {
              ready.add(new Pending(next, null, 0, Optional.empty()));
            }
          } catch (IllegalStateException e) {
            console.always(e.getMessage());
            failed = true;
          }
          continue;
        }
        crashes.record(path, p.task(), p.attempt(), f.output(), f.timedOut());
        console.taskEnded(prefix(runId, p), step.name());
        if (failed || stopping.get()) {
          continue;
        }
        TaskPolicy policy = TaskPolicy.of(step);
        String why =
            f.timedOut()
                ? "timed out after " + policy.timeout().orElseThrow().toSeconds() + " s"
                : f.exitCode() == 1 ? "failed" : "crashed (exit code " + f.exitCode() + ")";
        if (p.attempt() < policy.retries() && p.handled().isEmpty()) {
          console.always(
              prefix(runId, p)
                  + " Task "
                  + why
                  + "; retry "
                  + (p.attempt() + 1)
                  + " of "
                  + policy.retries()
                  + (policy.betweenRetries().isZero()
                      ? ""
                      : " in " + policy.betweenRetries().toMinutes() + " min")
                  + ".");
          var retry = new Pending(p.task(), p.taskId(), p.attempt() + 1, Optional.empty());
          delayed++;
          timers.schedule(
              () -> events.add(retry), policy.betweenRetries().toMillis(), TimeUnit.MILLISECONDS);
        } else if (policy.catches() && f.exitCode() != 1 && p.handled().isEmpty()) {
          console.always(prefix(runId, p) + " Task " + why + "; @Catch handles the failure.");
          ready.add(new Pending(p.task(), p.taskId(), p.attempt() + 1, Optional.of("task " + why)));
        } else {
          console.always(
              "Step '"
                  + step.name()
                  + "' (task "
                  + path.pathspec()
                  + ") "
                  + why
                  + ". See 'logs "
                  + path.inputPath()
                  + "'.");
          failed = true;
          if (running > 0) {
            console.always("Terminating " + running + " active tasks...");
          }
          pool.close();
          oneShots.forEach(WorkerProcess::kill);
        }
      }
    } finally {
      threads.shutdownNow();
      timers.shutdownNow();
    }
    return !failed && scheduler.finished();
  }

  private boolean cloned(
      String runId,
      Pending p,
      TaskPath origin,
      ResumePlan plan,
      Scheduler scheduler,
      ArrayDeque<Pending> ready)
      throws IOException {
    Pending withId = withId(p);
    TaskPath target = new TaskPath(model.name(), runId, p.task().step(), withId.taskId());
    new TaskCloner(store.contentStore(), store.metadata())
        .cloneTask(origin, target, p.task().inputPaths());
    plan.cloned(target.inputPath(), origin);
    console.progress(
        "Cloning previously run task " + origin.pathspec() + " as " + target.pathspec());
    int splits = model.step(p.task().step()).type() == StepType.FOREACH ? numSplits(target, 0) : 0;
    try {
      for (var next : scheduler.succeeded(p.task(), target.inputPath(), splits)) {
        ready.add(new Pending(next, null, 0, Optional.empty()));
      }
      return true;
    } catch (IllegalStateException e) {
      console.always(e.getMessage());
      return false;
    }
  }

  private Pending withId(Pending p) {
    return new Pending(p.task(), Long.toString(nextTaskId++), p.attempt(), p.handled());
  }

  private int numSplits(TaskPath path, int attempt) throws IOException {
    Object n = store.data(path, attempt).load(StepExecutor.NUM_SPLITS, getClass().getClassLoader());
    return ((Number) n).intValue();
  }

  private void attempt(String runId, Pending p, ScheduledExecutorService timers) {
    var output = new AttemptOutput(console, prefix(runId, p));
    StepModel step = model.step(p.task().step());
    TaskPolicy policy = TaskPolicy.of(step);
    // a @Catch fallback attempt runs no user code: no time limit
    var limit = p.handled().isPresent() ? Optional.<java.time.Duration>empty() : policy.timeout();
    var args = new ArrayList<>(taskSpec(runId, p).stepArgs());
    p.handled().ifPresent(h -> args.addAll(List.of("--handled-failure", h)));
    console.taskStarted(prefix(runId, p), step.name(), p.attempt() > 0);
    var result = process.run(args, policy.environment(), limit, output, timers);
    events.add(new Finished(p, result.exitCode(), result.timedOut(), output));
  }

  private TaskSpec taskSpec(String runId, Pending p) {
    return new TaskSpec(
        flowClass,
        runId,
        p.task().step(),
        p.taskId(),
        p.attempt(),
        p.task().inputPaths(),
        p.task().splitIndex(),
        options.tags(),
        options.withSpecs(),
        options.datastore(),
        options.datastoreRoot());
  }

  private Object take() {
    try {
      return events.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for tasks", e);
    }
  }

  private static String prefix(String runId, Pending p) {
    return "[" + runId + "/" + p.task().step() + "/" + p.taskId() + "]";
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
