package dev.flowline.runtime;

import dev.flowline.datastore.TaskPath;
import dev.flowline.metadata.TaskRecord;
import dev.flowline.metadata.TaskSummary;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which tasks of a resumed run are cloned from the origin run instead of being run again: a task is
 * cloned when its step is before the resume point, all its inputs were cloned, and the origin run
 * has a successful task of the same step with the same inputs and foreach index. Matching goes by
 * inputs, not task ids (the new run numbers its tasks afresh).
 */
final class ResumePlan {
  private final String originRunId;
  private final Set<String> rerunSteps;
  private final Map<String, TaskPath> successfulByKey = new HashMap<>();
  private final Map<String, String> newToOrigin = new HashMap<>();

  private ResumePlan(String originRunId, Set<String> rerunSteps) {
    this.originRunId = originRunId;
    this.rerunSteps = rerunSteps;
  }

  /**
   * The plan to resume run {@code originRunId} of {@code model}, from step {@code fromStep} (and
   * everything after it) or, without a step, from the tasks that did not succeed.
   */
  static ResumePlan of(
      FlowModel model, RunStore store, String originRunId, Optional<String> fromStep)
      throws IOException {
    var rerun = new LinkedHashSet<String>();
    fromStep.ifPresent(
        s -> {
          var queue = new ArrayDeque<String>(List.of(s));
          while (!queue.isEmpty()) {
            String name = queue.poll();
            if (rerun.add(name)) {
              queue.addAll(model.step(name).next());
            }
          }
        });
    var plan = new ResumePlan(originRunId, rerun);
    for (TaskSummary t : store.metadata().tasks(model.name(), originRunId)) {
      if (!t.successful()) {
        continue;
      }
      Optional<TaskRecord> record = store.metadata().task(t.path());
      if (record.isPresent()) {
        plan.successfulByKey.put(
            key(t.path().step(), record.get().inputPaths(), record.get().splitIndex()), t.path());
      }
    }
    return plan;
  }

  /** The origin run. */
  String originRunId() {
    return originRunId;
  }

  /** The origin task to clone for {@code task}, if it is to be cloned. */
  Optional<TaskPath> cloneSource(Scheduler.ReadyTask task) {
    if (rerunSteps.contains(task.step())) {
      return Optional.empty();
    }
    var originInputs = new java.util.ArrayList<String>();
    for (String p : task.inputPaths()) {
      String origin = newToOrigin.get(p);
      if (origin == null) {
        return Optional.empty();
      }
      originInputs.add(origin);
    }
    return Optional.ofNullable(
        successfulByKey.get(key(task.step(), originInputs, task.splitIndex())));
  }

  /** Records that {@code newPath} ({@code run/step/task}) is a clone of {@code origin}. */
  void cloned(String newPath, TaskPath origin) {
    newToOrigin.put(newPath, origin.inputPath());
  }

  private static String key(String step, List<String> inputs, Optional<Integer> splitIndex) {
    return step + "|" + String.join(",", inputs) + "|" + splitIndex.map(String::valueOf).orElse("");
  }

  /** Steps the user asked to run again. */
  Set<String> rerunSteps() {
    return rerunSteps;
  }

  /** Whether step {@code s} of {@code model} exists (for validation of the resume point). */
  static boolean hasStep(FlowModel model, String s) {
    return model.steps().stream().map(StepModel::name).anyMatch(s::equals);
  }
}
