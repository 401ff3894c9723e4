package dev.flowline.kubernetes.render;

import dev.flowline.runtime.GangEnvironment;
import dev.flowline.runtime.TaskSpec;
import java.util.Optional;

/**
 * The identity of one attempt of a gang, what {@link JobSetRenderer} writes into its JobSet beside
 * the step's pod template: literal for a gang the Kubernetes launcher creates ({@link #of}), or
 * Argo expressions for a JobSet an Argo resource template creates. The control node (node 0) has
 * {@link #control}'s identity; a worker's task id is computed by its container script from its node
 * index ({@code $MF_PARALLEL_NODE_INDEX}, itself {@code 1 + JOB_COMPLETION_INDEX}).
 *
 * @param name the JobSet's name, also its subdomain and the name of its headless Service
 * @param namespace the namespace of the JobSet
 * @param control the control node's task identity (its split index is the node index, 0)
 * @param workerTaskId shell text that gives a worker's task id, using {@code
 *     $MF_PARALLEL_NODE_INDEX} (e.g. {@code $((5 + MF_PARALLEL_NODE_INDEX))})
 * @param tasks the task ids of every node, for the JobSet's {@code flowline.dev/task} annotation
 * @param workerTasks the task ids of the workers, for their pods' {@code flowline.dev/task}
 */
public record GangIdentity(
    String name,
    String namespace,
    TaskIdentity control,
    String workerTaskId,
    String tasks,
    String workerTasks) {

  /**
   * The literal identity of the attempt whose control node is {@code control}'s task (a whole
   * number: the workers' task ids follow it), in the step's namespace.
   *
   * @throws IllegalArgumentException when the control task id is not a whole number
   */
  public static GangIdentity of(TaskContext control, int numNodes) {
    TaskSpec task = control.task();
    long controlId = controlTaskId(task.taskId());
    String last = Long.toString(controlId + numNodes - 1);
    return new GangIdentity(
        JobSetRenderer.name(control),
        control.settings().namespace(),
        TaskIdentity.of(task),
        "$((" + controlId + " + " + GangEnvironment.NODE_INDEX + "))",
        task.taskId() + "-" + last,
        (controlId + 1) + "-" + last);
  }

  /** The control node's task id. */
  public String controlTaskId() {
    return control.taskId();
  }

  /** The control node's stable host name, {@code <jobset>-control-0-0.<subdomain>}. */
  public String controlAddress() {
    return name + "-" + JobSetRenderer.CONTROL + "-0-0." + name;
  }

  /** The identity a worker's pod template gets: slots for its task id and node index. */
  TaskIdentity worker(String taskToken, String nodeToken) {
    return new TaskIdentity(
        control.runId(),
        taskToken,
        control.attempt(),
        control.inputPaths(),
        Optional.of(nodeToken),
        control.literal());
  }

  private static long controlTaskId(String taskId) {
    try {
      return Long.parseLong(taskId);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "task id \""
              + taskId
              + "\": a gang's control task id must be a whole number (the workers' task ids"
              + " follow it); use e.g. --task-id 2",
          e);
    }
  }
}
