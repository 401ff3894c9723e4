package dev.flowline.cli;

import dev.flowline.datastore.TaskPath;
import dev.flowline.metadata.TaskSummary;
import dev.flowline.runtime.RunStore;
import java.io.IOException;
import java.util.List;

/**
 * Resolves {@code RUN/STEP[/TASK]} arguments of {@code dump} and {@code logs} to tasks; unknown
 * runs, steps or tasks are usage errors that list what exists.
 */
final class TaskSelector {
  private TaskSelector() {}

  /**
   * The tasks that {@code pathspec} names.
   *
   * @param flowSteps the steps of the flow's graph: a step of the graph without tasks never ran
   * @throws UsageException naming the bad part and what exists
   */
  static List<TaskSummary> select(
      RunStore store, String pathspec, String command, boolean taskRequired, List<String> flowSteps)
      throws IOException {
    String[] parts = pathspec.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || (taskRequired && parts.length != 3)) {
      throw new UsageException(
          command
              + ": '"
              + pathspec
              + "' is not "
              + (taskRequired ? "RUN/STEP/TASK" : "RUN/STEP or RUN/STEP/TASK")
              + ". Give e.g. "
              + (taskRequired ? "1700000000000000123/start/1" : "1700000000000000123/start")
              + ". "
              + RunLookup.recent(store).strip());
    }
    var run = RunLookup.require(store, parts[0], command);
    List<TaskSummary> tasks = store.metadata().tasks(store.flow(), run.id(), parts[1]);
    if (tasks.isEmpty() && flowSteps.contains(parts[1])) {
      throw new UsageException(
          command
              + ": step '"
              + parts[1]
              + "' of run "
              + store.flow()
              + "/"
              + run.id()
              + " never ran: the run ("
              + run.status().name().toLowerCase()
              + ") did not reach it. Steps that ran: "
              + ranInGraphOrder(store, run.id(), flowSteps)
              + ". See 'logs "
              + run.id()
              + "/STEP' of the step that failed, or 'resume' to continue the run.");
    }
    if (tasks.isEmpty()) {
      throw new UsageException(
          command
              + ": run "
              + store.flow()
              + "/"
              + run.id()
              + " has no task of step '"
              + parts[1]
              + "'; its steps are "
              + store.metadata().steps(store.flow(), run.id())
              + ". Give one of them.");
    }
    if (parts.length == 3) {
      var match = tasks.stream().filter(t -> t.path().taskId().equals(parts[2])).toList();
      if (match.isEmpty()) {
        throw new UsageException(
            command
                + ": step "
                + run.id()
                + "/"
                + parts[1]
                + " has no task '"
                + parts[2]
                + "'; its tasks are "
                + tasks.stream().map(t -> t.path().taskId()).toList()
                + ". Give one of them.");
      }
      return match;
    }
    return tasks;
  }

  private static List<String> ranInGraphOrder(RunStore store, String runId, List<String> flowSteps)
      throws IOException {
    var ran = store.metadata().steps(store.flow(), runId);
    return flowSteps.stream().filter(ran::contains).toList();
  }

  /** {@code run/step/task} of a task, as users write it. */
  static String short_(TaskPath p) {
    return p.inputPath();
  }
}
