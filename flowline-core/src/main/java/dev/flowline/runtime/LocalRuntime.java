package dev.flowline.runtime;

import dev.flowline.metadata.NewRun;
import dev.flowline.metadata.RunStatus;
import dev.flowline.model.FlowModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a flow from this machine: registers the run (its {@code runtime:*} tags name the launchers
 * its steps use), runs its tasks ({@link RunLoop}, each attempt through its step's {@link
 * TaskLauncher}), and records how it ended. Ctrl-C or SIGTERM stops every running task and marks
 * the run failed, keeping the data of every finished task.
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
   * @param codePackage the SHA-256 of the run's code package (a single-file flow's classes), if any
   */
  public record Options(
      int maxWorkers,
      int maxNumSplits,
      List<String> tags,
      Optional<Path> runIdFile,
      List<String> withSpecs,
      Optional<String> datastore,
      Optional<String> datastoreRoot,
      String user,
      Optional<String> codePackage) {
    /** Canonical form: immutable lists. */
    public Options {
      tags = List.copyOf(tags);
      withSpecs = List.copyOf(withSpecs);
    }

    /** These options for a run whose own classes are the code package {@code sha256}. */
    public Options withCodePackage(String sha256) {
      return new Options(
          maxWorkers,
          maxNumSplits,
          tags,
          runIdFile,
          withSpecs,
          datastore,
          datastoreRoot,
          user,
          Optional.of(sha256));
    }
  }

  private final FlowModel model;
  private final String flowClass;
  private final RunStore store;
  private final Launchers launchers;
  private final Options options;
  private final TaskConsole console;
  private final String user;
  private final AtomicBoolean stopping = new AtomicBoolean();

  /** The loop of the run going on, for an interrupt to record the attempts it stops. */
  private volatile RunLoop loop;

  /** Counted down when an interrupt's clean shutdown is complete. */
  private final java.util.concurrent.CountDownLatch stopped =
      new java.util.concurrent.CountDownLatch(1);

  LocalRuntime(
      FlowModel model,
      String flowClass,
      RunStore store,
      Launchers launchers,
      Options options,
      TaskConsole console) {
    this.model = model;
    this.flowClass = flowClass;
    this.store = store;
    this.launchers = launchers;
    this.options = options;
    this.console = console;
    this.user = options.user();
  }

  /**
   * Starts a new run with {@code parameters} and runs it to the end: the exit code.
   *
   * @param resume the plan when this run resumes another, else empty
   */
  int run(String runId, RunParameters parameters, Optional<ResumePlan> resume) throws IOException {
    var systemTags = new ArrayList<String>(List.of("user:" + user));
    systemTags.addAll(launchers.runtimeTags(model));
    resume.ifPresent(r -> systemTags.add("origin_run_id:" + r.originRunId()));
    options
        .codePackage()
        .ifPresent(sha -> systemTags.add(dev.flowline.datastore.CodePackage.TAG_PREFIX + sha));
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
      loop =
          new RunLoop(
              model, flowClass, runId, store, options, console, launchers, resume, stopping::get);
      ok = loop.execute();
    } finally {
      if (!stopping.get()) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
      launchers.close();
      console.close();
    }
    if (stopping.get()) {
      awaitStopped();
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

  /** Waits for the interrupt's clean shutdown, so that the JVM does not exit in its middle. */
  private void awaitStopped() {
    try {
      stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void interrupted(String runId) {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    try {
      stopRun(runId);
    } finally {
      stopped.countDown();
    }
  }

  private void stopRun(String runId) {
    var children = ProcessHandle.current().children().toList();
    launchers.stopAll();
    // the stopped tasks' processes end before their attempts are recorded: nothing of theirs
    // (a background log save) comes after the runtime's record
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
    for (var child : children) {
      while (child.isAlive() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    RunLoop current = loop;
    if (current != null) {
      current.recordStopped();
    }
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
}
