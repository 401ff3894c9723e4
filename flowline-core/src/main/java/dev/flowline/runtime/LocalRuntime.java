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

  private final FlowModel model;
  private final String flowClass;
  private final RunStore store;
  private final Launchers launchers;
  private final Options options;
  private final TaskConsole console;
  private final String user;
  private final AtomicBoolean stopping = new AtomicBoolean();

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
    try (var signals = InterruptSignals.install(() -> interrupted(runId))) {
      ok =
          new RunLoop(
                  model,
                  flowClass,
                  runId,
                  store,
                  options,
                  console,
                  launchers,
                  resume,
                  stopping::get)
              .execute();
    } finally {
      if (!stopping.get()) {
        Runtime.getRuntime().removeShutdownHook(hook);
      }
      launchers.close();
    }
    if (stopping.get()) {
      return 1;
    }
    store.metadata().finishRun(model.name(), runId, ok ? RunStatus.COMPLETED : RunStatus.FAILED);
    if (ok) {
      console.progress("Done! Run " + model.name() + "/" + runId + " completed.");
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
    launchers.stopAll();
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
