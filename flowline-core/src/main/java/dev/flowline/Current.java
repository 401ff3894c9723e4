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
 */
public record Current(
    String flowName,
    String runId,
    String stepName,
    String taskId,
    int retryCount,
    List<String> tags,
    String username,
    String executor) {

  /** Canonical form: defensive copy of the tags. */
  public Current {
    tags = List.copyOf(tags);
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
