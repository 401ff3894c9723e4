package dev.flowline.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The identity and inputs of one task attempt: what the internal {@code step} command needs to run
 * it. The same {@code step} command runs in a local process and in a Kubernetes pod, so everything
 * of the run that changes how a task behaves ({@code --with} decorators, the datastore) is part of
 * it.
 *
 * @param flowClass the flow class's binary name
 * @param runId the run id
 * @param stepName the step to run
 * @param taskId the task id
 * @param attempt the attempt number, 0 for the first
 * @param inputPaths pathspecs {@code run/step/task} of the tasks whose artifacts are the inputs
 * @param splitIndex the foreach split index, for a task inside a foreach
 * @param tags the run's user tags
 * @param withSpecs the run's {@code --with NAME[:k=v,...]} decorators, in the order given
 * @param datastore the run's {@code --datastore} kind, when given on the command line
 * @param datastoreRoot the run's {@code --datastore-root}, when given on the command line
 */
public record TaskSpec(
    String flowClass,
    String runId,
    String stepName,
    String taskId,
    int attempt,
    List<String> inputPaths,
    Optional<Integer> splitIndex,
    List<String> tags,
    List<String> withSpecs,
    Optional<String> datastore,
    Optional<String> datastoreRoot) {

  /** Canonical form: immutable lists. */
  public TaskSpec {
    inputPaths = List.copyOf(inputPaths);
    tags = List.copyOf(tags);
    withSpecs = List.copyOf(withSpecs);
  }

  /**
   * A task of a run without {@code --with} decorators and on the configured datastore (no {@code
   * --datastore} or {@code --datastore-root}).
   */
  public TaskSpec(
      String flowClass,
      String runId,
      String stepName,
      String taskId,
      int attempt,
      List<String> inputPaths,
      Optional<Integer> splitIndex,
      List<String> tags) {
    this(
        flowClass,
        runId,
        stepName,
        taskId,
        attempt,
        inputPaths,
        splitIndex,
        tags,
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  /** This task with the run's {@code --with}, {@code --datastore} and {@code --datastore-root}. */
  public TaskSpec withRunOptions(
      List<String> withSpecs, Optional<String> datastore, Optional<String> datastoreRoot) {
    return new TaskSpec(
        flowClass,
        runId,
        stepName,
        taskId,
        attempt,
        inputPaths,
        splitIndex,
        tags,
        withSpecs,
        datastore,
        datastoreRoot);
  }

  /**
   * The arguments of {@code dev.flowline.Flowline} that run this attempt: {@code FLOW step STEP
   * --run-id R --task-id T --attempt N [--input-paths a,b] [--split-index i] [--tag t]... [--with
   * SPEC]... [--datastore KIND] [--datastore-root ROOT]}.
   */
  public List<String> stepArgs() {
    var args = new ArrayList<String>();
    args.addAll(List.of(flowClass, "step", stepName, "--run-id", runId, "--task-id", taskId));
    args.addAll(List.of("--attempt", Integer.toString(attempt)));
    if (!inputPaths.isEmpty()) {
      args.addAll(List.of("--input-paths", String.join(",", inputPaths)));
    }
    splitIndex.ifPresent(i -> args.addAll(List.of("--split-index", Integer.toString(i))));
    for (String t : tags) {
      args.addAll(List.of("--tag", t));
    }
    for (String w : withSpecs) {
      args.addAll(List.of("--with", w));
    }
    datastore.ifPresent(d -> args.addAll(List.of("--datastore", d)));
    datastoreRoot.ifPresent(r -> args.addAll(List.of("--datastore-root", r)));
    return List.copyOf(args);
  }
}
