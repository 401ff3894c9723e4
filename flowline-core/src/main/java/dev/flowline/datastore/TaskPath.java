package dev.flowline.datastore;

import java.util.regex.Pattern;

/**
 * The address of one task: {@code Flow/run/step/task}, the pathspec of the client API.
 *
 * @param flow the flow name
 * @param runId the run id
 * @param step the step name
 * @param taskId the task id (unique within the run)
 */
public record TaskPath(String flow, String runId, String step, String taskId) {
  private static final java.util.Set<String> RESERVED_RUN_IDS =
      java.util.Set.of(StoreLayout.DATA_DIR, "_runs", "packages");
  private static final java.util.Set<String> RESERVED_FLOWS =
      java.util.Set.of("_flows", StoreLayout.SHARED_DIR);
  private static final Pattern ID = Pattern.compile("[\\p{L}\\p{N}_$][\\p{L}\\p{N}_$.-]{0,199}");

  /**
   * Canonical form: every part is an id of letters, digits, {@code _}, {@code $}, {@code .} and
   * {@code -} (any Java identifier, any numeric id), not starting with {@code .} or {@code -}, at
   * most 200 characters; the flow names {@code _flows} and {@code _flowline} and the run ids {@code
   * data}, {@code packages} and {@code _runs} are reserved by the layout.
   *
   * @throws IllegalArgumentException naming the part and the bad value
   */
  public TaskPath {
    check("flow", flow);
    check("run id", runId);
    check("step", step);
    check("task id", taskId);
    boolean reservedFlow = RESERVED_FLOWS.contains(flow);
    if (reservedFlow || RESERVED_RUN_IDS.contains(runId)) {
      throw new IllegalArgumentException(
          "'"
              + (reservedFlow ? flow : runId)
              + "' is reserved by the datastore layout"
              + " (docs/datastore-layout.md); use another "
              + (reservedFlow ? "flow name" : "run id"));
    }
  }

  /**
   * Parses {@code Flow/run/step/task}. @throws IllegalArgumentException when it has not four parts
   */
  public static TaskPath parse(String pathspec) {
    String[] parts = pathspec.split("/", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "task pathspec '"
              + pathspec
              + "' must have the form Flow/run/step/task, e.g. HelloFlow/1700000000000000123/start/1");
    }
    return new TaskPath(parts[0], parts[1], parts[2], parts[3]);
  }

  /**
   * Parses a runtime input path {@code run/step/task} of flow {@code flow}, as in {@code
   * --input-paths}.
   *
   * @throws IllegalArgumentException when it has not three parts
   */
  public static TaskPath parseInputPath(String flow, String inputPath) {
    String[] parts = inputPath.split("/", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "input path '"
              + inputPath
              + "' must have the form run/step/task, e.g. 1700000000000000123/start/1");
    }
    return new TaskPath(flow, parts[0], parts[1], parts[2]);
  }

  /** {@code Flow/run/step/task}. */
  public String pathspec() {
    return flow + "/" + runId + "/" + step + "/" + taskId;
  }

  /** {@code run/step/task}, the form of {@code --input-paths}. */
  public String inputPath() {
    return runId + "/" + step + "/" + taskId;
  }

  /** The same step and task id in another run (for resume). */
  public TaskPath inRun(String otherRunId, String otherTaskId) {
    return new TaskPath(flow, otherRunId, step, otherTaskId);
  }

  static void check(String what, String value) {
    if (value == null || !ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + value
              + "' is not a valid id: use 1 to 200 letters, digits, '_', '$', '.' and '-', not starting"
              + " with '.' or '-'");
    }
  }

  @Override
  public String toString() {
    return pathspec();
  }
}
