package dev.flowline.runtime;

import dev.flowline.datastore.LogStream;
import dev.flowline.datastore.TaskPath;
import dev.flowline.metadata.AttemptStatus;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Records the end of an attempt that could not record it itself (crash, kill, timeout): registers
 * the task and attempt if they are missing, saves the captured output as its logs and marks it
 * failed. An attempt that already recorded its end is left alone; a failure to record is reported
 * on the console, never thrown.
 */
final class CrashedAttemptRecorder {
  private final RunStore store;
  private final TaskConsole console;
  private final Function<String, String> executorOfStep;

  /**
   * @param executorOfStep the name of the launcher that runs a step ({@code local}, {@code
   *     kubernetes}), recorded as the attempt's executor when the attempt recorded nothing itself
   */
  CrashedAttemptRecorder(
      RunStore store, TaskConsole console, Function<String, String> executorOfStep) {
    this.store = store;
    this.console = console;
    this.executorOfStep = executorOfStep;
  }

  /** Records attempt {@code attempt} of {@code task} at {@code path} as failed. */
  void record(
      TaskPath path,
      Scheduler.ReadyTask task,
      int attempt,
      AttemptOutput output,
      AttemptOutcome outcome) {
    String why =
        outcome instanceof AttemptOutcome.TimedOut
            ? "the attempt timed out and was killed"
            : outcome instanceof AttemptOutcome.InfrastructureFailure f
                ? "the task could not be run: " + f.message()
                : "the task process crashed";
    record(path, task, attempt, output, why);
  }

  /** Records attempt {@code attempt} of {@code task} as failed: the run was interrupted. */
  void recordStopped(TaskPath path, Scheduler.ReadyTask task, int attempt, AttemptOutput output) {
    record(
        path,
        task,
        attempt,
        output,
        "the run was interrupted (SIGINT or SIGTERM) and the task was stopped");
  }

  /**
   * Records attempt {@code attempt} of a gang node as failed: it was stopped because another node
   * of its gang failed ({@code why} says which).
   */
  void recordGangStopped(
      TaskPath path, Scheduler.ReadyTask task, int attempt, AttemptOutput output, String why) {
    record(path, task, attempt, output, why);
  }

  private void record(
      TaskPath path, Scheduler.ReadyTask task, int attempt, AttemptOutput output, String why) {
    try {
      var attempts = store.metadata().attempts(path);
      var mine = attempts.stream().filter(a -> a.number() == attempt).findFirst();
      if (mine.isPresent() && mine.get().status() != AttemptStatus.RUNNING) {
        return;
      }
      if (store.metadata().task(path).isEmpty()) {
        store.metadata().registerTask(path, task.splitIndex(), task.inputPaths(), Optional.empty());
      }
      if (mine.isEmpty()) {
        store
            .metadata()
            .startAttempt(path, attempt, Map.of("executor", executorOfStep.apply(path.step())));
      }
      var data = store.data(path, attempt);
      data.saveLog(LogStream.STDOUT, output.stdout());
      data.saveLog(LogStream.STDERR, output.stderr());
      store.attemptDone(path, attempt, false, new TaskFailure(why));
    } catch (IOException | RuntimeException e) {
      console.always("could not record the end of task " + path + ": " + e.getMessage());
    }
  }
}
