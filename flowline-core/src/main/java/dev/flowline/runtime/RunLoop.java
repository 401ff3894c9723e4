package dev.flowline.runtime;

import dev.flowline.GangNode;
import dev.flowline.datastore.TaskPath;
import dev.flowline.metadata.TaskCloner;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Drives the tasks of one run: hands ready tasks to their step's {@link TaskLauncher}, up to {@code
 * --max-workers} at once, hears back through events, and applies retries, {@code @Catch} for
 * crashed or timed-out attempts, and the run's end: it stops everything on the first task that
 * fails for good. The graph bookkeeping is the {@link Scheduler}'s; everything here runs on the
 * thread that calls {@link #execute()}, except the launchers' callbacks, which only post events.
 */
final class RunLoop {
  /**
   * A task waiting to be launched: before its first attempt it has no id yet. {@code disruptions}
   * counts its attempts that ended {@link AttemptOutcome.Disrupted} (they do not count against
   * {@code @Retry}).
   */
  private record Pending(
      Scheduler.ReadyTask task,
      String taskId,
      int attempt,
      Optional<String> handled,
      int disruptions) {
    Pending(Scheduler.ReadyTask task, String taskId, int attempt, Optional<String> handled) {
      this(task, taskId, attempt, handled, 0);
    }
  }

  /** What the loop hears while it waits. */
  private sealed interface RunEvent permits AttemptEnded, RetryDue {}

  /** An attempt ended ({@link AttemptListener#finished}). */
  private record AttemptEnded(Pending pending, AttemptOutcome outcome, AttemptOutput output)
      implements RunEvent {}

  /** The wait before a retry passed (of one task, or of every node of a gang). */
  private record RetryDue(List<Pending> pendings) implements RunEvent {}

  private final FlowModel model;
  private final String flowClass;
  private final String runId;
  private final RunStore store;
  private final LocalRuntime.Options options;
  private final TaskConsole console;
  private final Launchers launchers;
  private final Optional<ResumePlan> resume;
  private final BooleanSupplier stopping;
  private final Scheduler scheduler;
  private final CrashedAttemptRecorder crashes;
  private final LinkedBlockingQueue<RunEvent> events = new LinkedBlockingQueue<>();
  private final ArrayDeque<Pending> ready = new ArrayDeque<>();

  /** The gangs running, by the path of the task that started them. */
  private final Map<String, GangAttempt<Pending>> gangs = new HashMap<>();

  /** The attempts launched and not yet handled by the loop, for {@link #recordStopped()}. */
  private final java.util.concurrent.ConcurrentHashMap<String, Listener> launched =
      new java.util.concurrent.ConcurrentHashMap<>();

  private int running;
  private int delayed;
  private boolean failed;
  private long nextTaskId = 1;

  RunLoop(
      FlowModel model,
      String flowClass,
      String runId,
      RunStore store,
      LocalRuntime.Options options,
      TaskConsole console,
      Launchers launchers,
      Optional<ResumePlan> resume,
      BooleanSupplier stopping) {
    this.model = model;
    this.flowClass = flowClass;
    this.runId = runId;
    this.store = store;
    this.options = options;
    this.console = console;
    this.launchers = launchers;
    this.resume = resume;
    this.stopping = stopping;
    this.scheduler = new Scheduler(model, options.maxNumSplits());
    this.crashes =
        new CrashedAttemptRecorder(store, console, step -> launchers.forStep(step).name());
  }

  /** Runs every task of the run to the end: whether the run succeeded. */
  boolean execute() throws IOException {
    ScheduledExecutorService retryTimer =
        Executors.newSingleThreadScheduledExecutor(LocalTaskLauncher.daemon("flowline-retry"));
    ready.add(new Pending(scheduler.start(), null, 0, Optional.empty()));
    try {
      while (true) {
        launchReady();
        if (running == 0 && delayed == 0) {
          break;
        }
        launchers.backlog(ready.size());
        RunEvent event = take();
        if (event instanceof RetryDue due) {
          delayed--;
          if (!failed) {
            ready.addAll(due.pendings());
          }
        } else if (event instanceof AttemptEnded ended) {
          running--;
          attemptEnded(ended, retryTimer);
        }
      }
    } finally {
      retryTimer.shutdownNow();
    }
    return !failed && scheduler.finished();
  }

  /**
   * Records every attempt still going as failed, stopped by an interrupt of the run, with the
   * output the runtime received from it as its logs (called once the tasks were stopped, from the
   * thread that handles the interrupt; the loop itself records nothing more then).
   */
  void recordStopped() {
    for (Listener l : launched.values()) {
      Pending p = l.pending;
      TaskPath path = new TaskPath(model.name(), runId, p.task().step(), p.taskId());
      crashes.recordStopped(path, p.task(), p.attempt(), l.output);
    }
    launched.clear();
  }

  /** Launches ready tasks while there is room (or clones them, when resuming). */
  private void launchReady() throws IOException {
    while (!failed
        && !stopping.getAsBoolean()
        && !ready.isEmpty()
        && running < options.maxWorkers()) {
      Pending p = ready.poll();
      if (isGangNode(p)) {
        List<Pending> nodes = takeGang(p);
        if (running > 0 && running + nodes.size() > options.maxWorkers()) {
          // a gang starts all its nodes at once: wait until there is room for all of them
          for (int i = nodes.size() - 1; i >= 0; i--) {
            ready.addFirst(nodes.get(i));
          }
          return;
        }
        if (p.taskId() == null && resume.isPresent() && clonedGang(nodes, resume.get())) {
          continue;
        }
        launchGang(nodes);
        continue;
      }
      if (p.taskId() == null && resume.isPresent()) {
        Optional<TaskPath> source = resume.get().cloneSource(p.task());
        if (source.isPresent()) {
          failed |= !cloned(p, source.get(), resume.get());
          continue;
        }
      }
      launch(p.taskId() == null ? withId(p) : p);
      running++;
    }
  }

  private void launch(Pending p) {
    launch(p, Map.of());
  }

  private void launch(Pending p, Map<String, String> gangEnvironment) {
    StepModel step = model.step(p.task().step());
    var output = new AttemptOutput(console, prefix(p));
    var listener = new Listener(p, output);
    launched.put(prefix(p), listener);
    try {
      TaskPolicy policy = TaskPolicy.of(step);
      // a @Catch fallback attempt runs no user code: no time limit
      var limit = p.handled().isPresent() ? Optional.<java.time.Duration>empty() : policy.timeout();
      var environment = new LinkedHashMap<>(policy.environment());
      environment.putAll(gangEnvironment);
      var attempt = new TaskAttempt(taskSpec(p), step, limit, environment, p.handled());
      launchers.forStep(step.name()).launch(attempt, listener);
    } catch (RuntimeException e) {
      listener.finished(new AttemptOutcome.InfrastructureFailure(e.toString()));
    }
  }

  private void attemptEnded(AttemptEnded ended, ScheduledExecutorService retryTimer)
      throws IOException {
    Pending p = ended.pending();
    StepModel step = model.step(p.task().step());
    TaskPath path = new TaskPath(model.name(), runId, step.name(), p.taskId());
    if (stopping.getAsBoolean()) {
      return; // the run was interrupted: recordStopped() records the attempts it stopped
    }
    launched.remove(prefix(p));
    if (isGangNode(p)) {
      gangNodeEnded(ended, retryTimer);
      return;
    }
    if (ended.outcome().succeeded()) {
      console.taskSucceeded(prefix(p), step.name());
      queueSuccessors(p.task(), path, p.attempt());
      return;
    }
    AttemptOutcome outcome = ended.outcome();
    crashes.record(path, p.task(), p.attempt(), ended.output(), outcome);
    console.taskEnded(prefix(p), step.name());
    if (failed || stopping.getAsBoolean()) {
      return;
    }
    afterFailure(List.of(p), step, outcome, path, outcome.describe(), retryTimer);
  }

  /**
   * After a failed attempt of {@code group} (one task, or every node of a gang, which run again
   * together): runs it again after an infrastructure disruption (within the launcher's budget),
   * retries it ({@code @Retry}), hands a crash or timeout of a single task to {@code @Catch}, or
   * fails the run.
   */
  private void afterFailure(
      List<Pending> group,
      StepModel step,
      AttemptOutcome outcome,
      TaskPath path,
      String why,
      ScheduledExecutorService retryTimer) {
    Pending p = group.get(0);
    boolean gang = isGangNode(p);
    String head = prefix(p) + (gang ? " Gang " : " Task ") + why;
    TaskPolicy policy = TaskPolicy.of(step);
    int budget = launchers.forStep(step.name()).disruptionRetries(step);
    if (outcome instanceof AttemptOutcome.Disrupted
        && p.handled().isEmpty()
        && p.disruptions() < budget) {
      console.always(
          head
              + "; running "
              + (gang ? "the whole gang" : "it")
              + " again ("
              + (p.disruptions() + 1)
              + " of "
              + budget
              + " for infrastructure failures; @Retry is not used up).");
      group.forEach(
          n ->
              ready.add(
                  new Pending(
                      n.task(),
                      n.taskId(),
                      n.attempt() + 1,
                      Optional.empty(),
                      n.disruptions() + 1)));
      return;
    }
    if (p.attempt() - p.disruptions() < policy.retries() && p.handled().isEmpty()) {
      console.always(
          head
              + (gang ? "; the whole gang runs again, retry " : "; retry ")
              + (p.attempt() - p.disruptions() + 1)
              + " of "
              + policy.retries()
              + (policy.betweenRetries().isZero()
                  ? ""
                  : " in " + policy.betweenRetries().toMinutes() + " min")
              + ".");
      var retry =
          group.stream()
              .map(
                  n ->
                      new Pending(
                          n.task(), n.taskId(), n.attempt() + 1, Optional.empty(), n.disruptions()))
              .toList();
      delayed++;
      retryTimer.schedule(
          () -> events.add(new RetryDue(retry)),
          policy.betweenRetries().toMillis(),
          TimeUnit.MILLISECONDS);
    } else if (!gang
        && policy.catches()
        && !(outcome instanceof AttemptOutcome.Failed)
        && p.handled().isEmpty()) {
      console.always(head + "; @Catch handles the failure.");
      ready.add(new Pending(p.task(), p.taskId(), p.attempt() + 1, Optional.of("task " + why)));
    } else {
      failRun(step, path, gang ? "failed as a gang: " + why : why);
    }
  }

  /** Whether {@code p} is a node of a gang (a task of a {@code @Parallel} step). */
  private boolean isGangNode(Pending p) {
    return model.step(p.task().step()).isGang() && !p.task().stack().isEmpty();
  }

  private static String gangKey(Pending p) {
    return GangAttempt.key(p.task());
  }

  private static int nodeIndex(Pending p) {
    return GangAttempt.nodeIndex(p.task());
  }

  /** {@code first} and the other nodes of its gang waiting in {@code ready}, by node index. */
  private List<Pending> takeGang(Pending first) {
    String key = gangKey(first);
    var nodes = new ArrayList<Pending>(List.of(first));
    for (var it = ready.iterator(); it.hasNext(); ) {
      Pending other = it.next();
      if (isGangNode(other) && gangKey(other).equals(key)) {
        nodes.add(other);
        it.remove();
      }
    }
    nodes.sort(Comparator.comparingInt(RunLoop::nodeIndex));
    return nodes;
  }

  /**
   * Launches every node of a gang at once: consecutive task ids (the control node first), each
   * node's place in the gang in its environment ({@link GangEnvironment}).
   */
  private void launchGang(List<Pending> waiting) {
    var nodes = new ArrayList<Pending>();
    waiting.forEach(n -> nodes.add(n.taskId() == null ? withId(n) : n));
    StepModel step = model.step(nodes.get(0).task().step());
    GangControl control;
    try {
      control = launchers.forStep(step.name()).gangControl(step, taskSpec(nodes.get(0)));
    } catch (RuntimeException e) {
      console.always(
          prefix(nodes.get(0))
              + " The gang of step '"
              + step.name()
              + "' cannot start: "
              + e.getMessage());
      failed = true;
      launchers.stopAll();
      return;
    }
    gangs.put(gangKey(nodes.get(0)), new GangAttempt<>(nodes));
    String controlTaskId = nodes.get(0).taskId();
    for (Pending node : nodes) {
      var place =
          new GangNode(
              nodes.size(), nodeIndex(node), control.address(), control.port(), controlTaskId);
      running++;
      launch(node, GangEnvironment.of(place));
    }
  }

  /**
   * Clones a gang that succeeded in the origin run, when every node has a source: whether it did
   * (else the whole gang runs again).
   */
  private boolean clonedGang(List<Pending> nodes, ResumePlan plan) throws IOException {
    var sources = new ArrayList<TaskPath>();
    for (Pending node : nodes) {
      Optional<TaskPath> source = plan.cloneSource(node.task());
      if (source.isEmpty()) {
        return false;
      }
      sources.add(source.get());
    }
    for (int i = 0; i < nodes.size(); i++) {
      failed |= !cloned(nodes.get(i), sources.get(i), plan);
    }
    return true;
  }

  /**
   * One node of a gang ended. The first node that fails stops the others; once every node ended,
   * the gang's successors are queued (all succeeded), or the whole gang is retried, or the run
   * fails.
   */
  private void gangNodeEnded(AttemptEnded ended, ScheduledExecutorService retryTimer)
      throws IOException {
    Pending p = ended.pending();
    StepModel step = model.step(p.task().step());
    TaskPath path = new TaskPath(model.name(), runId, step.name(), p.taskId());
    GangAttempt<Pending> gang = gangs.get(gangKey(p));
    AttemptOutcome outcome = ended.outcome();
    boolean wasFailing = gang.failed();
    boolean first = gang.ended(nodeIndex(p), outcome, path);
    if (outcome.succeeded()) {
      console.taskSucceeded(prefix(p), step.name());
    } else if (first) {
      crashes.record(path, p.task(), p.attempt(), ended.output(), outcome);
      console.taskEnded(prefix(p), step.name());
      if (!failed) {
        console.always(
            prefix(p)
                + " Node "
                + nodeIndex(p)
                + " of the gang of "
                + gang.nodes().size()
                + " "
                + outcome.describe()
                + "; stopping the other nodes.");
      }
      TaskLauncher launcher = launchers.forStep(step.name());
      gang.nodes().stream()
          .filter(n -> !gang.hasEnded(nodeIndex(n)))
          .forEach(n -> launcher.stop(taskSpec(n)));
    } else if (wasFailing) {
      crashes.recordGangStopped(path, p.task(), p.attempt(), ended.output(), gang.stoppedReason());
      console.taskEnded(prefix(p), step.name());
    }
    if (!gang.allEnded()) {
      return;
    }
    gangs.remove(gangKey(p));
    if (failed || stopping.getAsBoolean()) {
      return;
    }
    if (!gang.failed()) {
      for (Pending node : gang.nodes()) {
        queueSuccessors(
            node.task(),
            new TaskPath(model.name(), runId, step.name(), node.taskId()),
            node.attempt());
      }
      return;
    }
    afterFailure(gang.nodes(), step, gang.failure(), gang.failedPath(), gang.why(), retryTimer);
  }

  private void failRun(StepModel step, TaskPath path, String why) {
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
    launchers.stopAll();
  }

  /** Queues the tasks that the success of {@code task} at {@code path} made ready. */
  private void queueSuccessors(Scheduler.ReadyTask task, TaskPath path, int attempt)
      throws IOException {
    StepModel step = model.step(task.step());
    int splits = step.type() == StepType.FOREACH ? numSplits(path, attempt) : 0;
    if (splits > 0) {
      console.expect(runId, step.next().get(0), splits);
    }
    try {
      for (var next : scheduler.succeeded(task, path.inputPath(), splits)) {
        ready.add(new Pending(next, null, 0, Optional.empty()));
      }
    } catch (IllegalStateException e) {
      console.always(e.getMessage());
      failed = true;
    }
  }

  /** Clones the origin's task for {@code p} into this run: whether the run can go on. */
  private boolean cloned(Pending p, TaskPath origin, ResumePlan plan) throws IOException {
    Pending withId = withId(p);
    TaskPath target = new TaskPath(model.name(), runId, p.task().step(), withId.taskId());
    new TaskCloner(store.contentStore(), store.metadata())
        .cloneTask(origin, target, p.task().inputPaths());
    plan.cloned(target.inputPath(), origin);
    console.progress(
        "Cloning previously run task " + origin.pathspec() + " as " + target.pathspec());
    queueSuccessors(p.task(), target, 0);
    return !failed;
  }

  private Pending withId(Pending p) {
    return new Pending(
        p.task(), Long.toString(nextTaskId++), p.attempt(), p.handled(), p.disruptions());
  }

  private int numSplits(TaskPath path, int attempt) throws IOException {
    Object n = store.data(path, attempt).load(StepExecutor.NUM_SPLITS, getClass().getClassLoader());
    return ((Number) n).intValue();
  }

  private TaskSpec taskSpec(Pending p) {
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

  private RunEvent take() {
    try {
      return events.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for tasks", e);
    }
  }

  private String prefix(Pending p) {
    return "[" + runId + "/" + p.task().step() + "/" + p.taskId() + "]";
  }

  /** Shows an attempt's progress and output and posts its end as an event. */
  private final class Listener implements AttemptListener {
    private final Pending pending;
    private final AttemptOutput output;

    Listener(Pending pending, AttemptOutput output) {
      this.pending = pending;
      this.output = output;
    }

    @Override
    public void started() {
      console.taskStarted(prefix(pending), pending.task().step(), pending.attempt() > 0);
    }

    @Override
    public void line(boolean stderr, String line) {
      output.line(stderr, line);
    }

    @Override
    public void progress(String message) {
      console.progress(prefix(pending) + " " + message);
    }

    @Override
    public void finished(AttemptOutcome outcome) {
      events.add(new AttemptEnded(pending, outcome, output));
    }
  }
}
