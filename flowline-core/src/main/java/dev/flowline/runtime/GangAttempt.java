package dev.flowline.runtime;

import dev.flowline.datastore.TaskPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt of a gang in the run loop: its nodes by index, how each ended, and the first node
 * that failed (the loop then stops the others, and the gang fails or runs again as a whole). A
 * gang's nodes are the tasks of a {@code @Parallel} step under one split frame: the frame's split
 * path is the gang's key and its index the node index.
 *
 * @param <T> what the loop keeps per node
 */
final class GangAttempt<T> {
  private final List<T> nodes;
  private final Map<Integer, AttemptOutcome> outcomes = new HashMap<>();
  private int failedNode = -1;
  private AttemptOutcome failure;
  private TaskPath failedPath;

  /** An attempt of the gang of {@code nodes}, by node index. */
  GangAttempt(List<T> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** The gang a task belongs to: the split path of its innermost frame. */
  static String key(Scheduler.ReadyTask task) {
    return task.stack().get(task.stack().size() - 1).splitPath();
  }

  /** A task's node index in its gang. */
  static int nodeIndex(Scheduler.ReadyTask task) {
    return task.stack().get(task.stack().size() - 1).index();
  }

  List<T> nodes() {
    return nodes;
  }

  /**
   * Records that node {@code index} (at {@code path}) ended with {@code outcome}: whether it is the
   * gang's first failure.
   */
  boolean ended(int index, AttemptOutcome outcome, TaskPath path) {
    boolean first = !outcome.succeeded() && failedNode < 0;
    if (first) {
      failedNode = index;
      failure = outcome;
      failedPath = path;
    }
    outcomes.put(index, outcome);
    return first;
  }

  /** Whether node {@code index} ended. */
  boolean hasEnded(int index) {
    return outcomes.containsKey(index);
  }

  /** Whether every node ended. */
  boolean allEnded() {
    return outcomes.size() == nodes.size();
  }

  /** Whether a node failed. */
  boolean failed() {
    return failedNode >= 0;
  }

  /** The first failure. */
  AttemptOutcome failure() {
    return failure;
  }

  /** The task of the first node that failed. */
  TaskPath failedPath() {
    return failedPath;
  }

  /** The first failure, e.g. {@code node 2 of 4 crashed (exit code 3)}. */
  String why() {
    return "node " + failedNode + " of " + nodes.size() + " " + failure.describe();
  }

  /** Why a node was stopped, recorded as its failure. */
  String stoppedReason() {
    return "stopped: node "
        + failedNode
        + " of its gang of "
        + nodes.size()
        + " ("
        + failedPath.pathspec()
        + ") "
        + failure.describe();
  }
}
