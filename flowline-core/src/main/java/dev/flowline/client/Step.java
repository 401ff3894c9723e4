package dev.flowline.client;

import dev.flowline.metadata.TaskSummary;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One step of a run: its tasks (one, or one per foreach item), ordered by task id. */
public final class Step {
  private final ClientContext ctx;
  private final Run run;
  private final String name;
  private final List<TaskSummary> tasks;

  Step(ClientContext ctx, Run run, String name, List<TaskSummary> tasks) {
    this.ctx = ctx;
    this.run = run;
    this.name = name;
    this.tasks = List.copyOf(tasks);
  }

  /** The step name. */
  public String name() {
    return name;
  }

  /** {@code Flow/run/step}. */
  public String pathspec() {
    return run.pathspec() + "/" + name;
  }

  /** The run. */
  public Run run() {
    return run;
  }

  /** The tasks, ordered by task id. */
  public List<Task> tasks() {
    return tasks.stream().map(t -> new Task(ctx, t)).toList();
  }

  /**
   * The step's only task.
   *
   * @throws IllegalStateException when the step has several (a foreach body), listing them
   */
  public Task task() {
    if (tasks.size() != 1) {
      throw new IllegalStateException(
          "step "
              + pathspec()
              + " has "
              + tasks.size()
              + " tasks, not one: "
              + tasks.stream().map(t -> t.path().taskId()).toList()
              + ". Use tasks() or task(\"ID\").");
    }
    return new Task(ctx, tasks.get(0));
  }

  /** The task {@code id}. @throws FlowlineNotFoundException listing the step's task ids */
  public Task task(String id) {
    return tasks.stream()
        .filter(t -> t.path().taskId().equals(id))
        .findFirst()
        .map(t -> new Task(ctx, t))
        .orElseThrow(
            () ->
                new FlowlineNotFoundException(
                    "step "
                        + pathspec()
                        + " has no task '"
                        + id
                        + "'; its tasks are "
                        + tasks.stream().map(t -> t.path().taskId()).toList()));
  }

  /** When the last task finished; empty while any task is unfinished. */
  public Optional<Instant> finishedAt() {
    Instant last = null;
    for (Task t : tasks()) {
      Optional<Instant> end = t.finishedAt();
      if (end.isEmpty()) {
        return Optional.empty();
      }
      last = last == null || end.get().isAfter(last) ? end.get() : last;
    }
    return Optional.ofNullable(last);
  }

  @Override
  public String toString() {
    return "Step('" + pathspec() + "')";
  }
}
