package dev.flowline.runtime;

import dev.flowline.GangNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A gang node's place in its gang as environment variables, under Metaflow's names so that
 * torchrun-, MPI- or Spark-style launchers work unchanged: {@code MF_PARALLEL_NUM_NODES}, {@code
 * MF_WORLD_SIZE}, {@code MF_PARALLEL_NODE_INDEX}, {@code MF_PARALLEL_MAIN_IP}, {@code
 * MF_MASTER_ADDR}, {@code MF_MASTER_PORT}, {@code MF_PARALLEL_CONTROL_TASK_ID}. Launchers write
 * them ({@link #of}); the task reads them back ({@link #read}) for {@code current().parallel()}.
 */
public final class GangEnvironment {
  /** Number of nodes. */
  public static final String NUM_NODES = "MF_PARALLEL_NUM_NODES";

  /** Number of nodes, as torch.distributed names it. */
  public static final String WORLD_SIZE = "MF_WORLD_SIZE";

  /** This node's index, 0 for the control node. */
  public static final String NODE_INDEX = "MF_PARALLEL_NODE_INDEX";

  /** The control node's host name or address. */
  public static final String MAIN_IP = "MF_PARALLEL_MAIN_IP";

  /** The control node's host name or address, as torch.distributed names it. */
  public static final String MASTER_ADDR = "MF_MASTER_ADDR";

  /** The port the control node listens on. */
  public static final String MASTER_PORT = "MF_MASTER_PORT";

  /** The control node's task id. */
  public static final String CONTROL_TASK_ID = "MF_PARALLEL_CONTROL_TASK_ID";

  private GangEnvironment() {}

  /** The variables of {@code node}. */
  public static Map<String, String> of(GangNode node) {
    var env = new LinkedHashMap<String, String>();
    env.put(NUM_NODES, Integer.toString(node.numNodes()));
    env.put(WORLD_SIZE, Integer.toString(node.numNodes()));
    env.put(NODE_INDEX, Integer.toString(node.nodeIndex()));
    env.put(MAIN_IP, node.controlAddress());
    env.put(MASTER_ADDR, node.controlAddress());
    env.put(MASTER_PORT, Integer.toString(node.controlPort()));
    env.put(CONTROL_TASK_ID, node.controlTaskId());
    return env;
  }

  /**
   * The node described by {@code env}.
   *
   * @throws IllegalStateException when a variable is missing or not a number where one is needed
   *     (names the variable and its value)
   */
  public static GangNode read(Map<String, String> env, String step) {
    return new GangNode(
        number(env, NUM_NODES, step),
        number(env, NODE_INDEX, step),
        text(env, MAIN_IP, step),
        number(env, MASTER_PORT, step),
        text(env, CONTROL_TASK_ID, step));
  }

  /** Whether {@code env} describes a gang node at all. */
  public static boolean present(Map<String, String> env) {
    return env.containsKey(NUM_NODES);
  }

  private static String text(Map<String, String> env, String key, String step) {
    return Optional.ofNullable(env.get(key))
        .filter(v -> !v.isBlank())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "step '"
                        + step
                        + "' is a @Parallel step but its environment has no "
                        + key
                        + "; a gang node is started by the runtime (next(this::"
                        + step
                        + ", parallel(N))), which sets it"));
  }

  private static int number(Map<String, String> env, String key, String step) {
    String value = text(env, key, step);
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "step '" + step + "': " + key + "=\"" + value + "\" is not a whole number", e);
    }
  }
}
