package dev.flowline;

/**
 * Where one node of a gang stands ({@link Current#parallel()}), the values Metaflow's {@code
 * current.parallel} gives. The same values are in the node's environment: {@code
 * MF_PARALLEL_NUM_NODES} and {@code MF_WORLD_SIZE} ({@code numNodes}), {@code
 * MF_PARALLEL_NODE_INDEX} ({@code nodeIndex}), {@code MF_PARALLEL_MAIN_IP} and {@code
 * MF_MASTER_ADDR} ({@code controlAddress}), {@code MF_MASTER_PORT} ({@code controlPort}), {@code
 * MF_PARALLEL_CONTROL_TASK_ID} ({@code controlTaskId}).
 *
 * @param numNodes the number of nodes of the gang
 * @param nodeIndex this node's index, 0 for the control node
 * @param controlAddress the host name or address of the control node
 * @param controlPort the port the control node may listen on
 * @param controlTaskId the task id of the control node
 */
public record GangNode(
    int numNodes, int nodeIndex, String controlAddress, int controlPort, String controlTaskId) {

  /** Whether this is the control node (index 0). */
  public boolean isControl() {
    return nodeIndex == 0;
  }
}
