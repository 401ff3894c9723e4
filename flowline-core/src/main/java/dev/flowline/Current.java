package dev.flowline;

import java.util.List;

/**
 * Where the running task stands, like Metaflow's {@code current}; obtained inside a step with
 * {@link FlowSpec#current()}.
 *
 * @param flowName the flow's name (its simple class name)
 * @param runId the run id
 * @param stepName the step being run
 * @param taskId the task id
 * @param retryCount the attempt number, 0 for the first attempt
 * @param tags the run's user tags
 * @param username the user who started the run
 * @param executor where the task runs: {@code "local"} or {@code "kubernetes"}
 * @param gangNode this task's place in its gang for a {@link Parallel} step, else {@code null}
 *     (read it with {@link #parallel()})
 */
public record Current(
    String flowName,
    String runId,
    String stepName,
    String taskId,
    int retryCount,
    List<String> tags,
    String username,
    String executor,
    GangNode gangNode) {

  /** Canonical form: defensive copy of the tags. */
  public Current {
    tags = List.copyOf(tags);
  }

  /** A task outside any gang. */
  public Current(
      String flowName,
      String runId,
      String stepName,
      String taskId,
      int retryCount,
      List<String> tags,
      String username,
      String executor) {
    this(flowName, runId, stepName, taskId, retryCount, tags, username, executor, null);
  }

  /** Whether this task is a node of a gang (its step is {@link Parallel}). */
  public boolean isParallel() {
    return gangNode != null;
  }

  /**
   * This node's place in its gang: number of nodes, node index, control address, port and task id.
   *
   * @throws IllegalStateException when the step is not a {@link Parallel} step
   */
  public GangNode parallel() {
    if (gangNode == null) {
      throw new IllegalStateException(
          "step '"
              + stepName
              + "' called current().parallel() but it is not a @Parallel step started by"
              + " next(this::"
              + stepName
              + ", parallel(N)); check current().isParallel() first");
    }
    return gangNode;
  }

  /** {@code Flow/run/step/task}, the address of this task in the client API. */
  public String pathspec() {
    return flowName + "/" + runId + "/" + stepName + "/" + taskId;
  }

  /** Whether the task runs in a Kubernetes pod. */
  public boolean isRunningOnKubernetes() {
    return "kubernetes".equals(executor);
  }
}
