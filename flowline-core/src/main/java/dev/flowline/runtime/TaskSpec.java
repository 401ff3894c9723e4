package dev.flowline.runtime;

import java.util.List;
import java.util.Optional;

/**
 * The identity and inputs of one task attempt: what the internal {@code step} command needs to run
 * it. The same {@code step} command runs in a local process and in a Kubernetes pod.
 *
 * @param flowClass the flow class's binary name
 * @param runId the run id
 * @param stepName the step to run
 * @param taskId the task id
 * @param attempt the attempt number, 0 for the first
 * @param inputPaths pathspecs {@code run/step/task} of the tasks whose artifacts are the inputs
 * @param splitIndex the foreach split index, for a task inside a foreach
 * @param tags the run's user tags
 */
public record TaskSpec(
    String flowClass,
    String runId,
    String stepName,
    String taskId,
    int attempt,
    List<String> inputPaths,
    Optional<Integer> splitIndex,
    List<String> tags) {

  /** Canonical form: immutable lists. */
  public TaskSpec {
    inputPaths = List.copyOf(inputPaths);
    tags = List.copyOf(tags);
  }

  /**
   * The arguments of {@code dev.flowline.Flowline} that run this attempt: {@code FLOW step STEP
   * --run-id R --task-id T --attempt N [--input-paths a,b] [--split-index i] [--tag t]...}.
   */
  public List<String> stepArgs() {
    var args = new java.util.ArrayList<String>();
    args.addAll(List.of(flowClass, "step", stepName, "--run-id", runId, "--task-id", taskId));
    args.addAll(List.of("--attempt", Integer.toString(attempt)));
    if (!inputPaths.isEmpty()) {
      args.addAll(List.of("--input-paths", String.join(",", inputPaths)));
    }
    splitIndex.ifPresent(i -> args.addAll(List.of("--split-index", Integer.toString(i))));
    for (String t : tags) {
      args.addAll(List.of("--tag", t));
    }
    return List.copyOf(args);
  }
}
