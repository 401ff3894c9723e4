package dev.flowline.internal;

import dev.flowline.Current;
import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import java.util.List;
import java.util.Set;

/**
 * The runtime's side of a running step, bound to a {@link FlowSpec} instance by the task executor.
 * Not part of the authoring API: flow code never sees it.
 */
public interface TaskBinding {
  /**
   * Records the step's transition. Called once per task by {@code next} or {@code foreach}.
   *
   * @param targets the target step names, in order
   * @param foreachField the field iterated by a foreach, or {@code null}
   * @throws IllegalStateException when a transition was already recorded (names the step)
   */
  void transition(List<String> targets, String foreachField);

  /** The current foreach item. @throws IllegalStateException outside a foreach body */
  Object input();

  /** Position of the current foreach item. @throws IllegalStateException outside a foreach body */
  int index();

  /** Identity of the running task. */
  Current current();

  /** Copies into {@code flow} the artifacts on which all inputs agree, except {@code excluded}. */
  void mergeArtifacts(FlowSpec flow, Inputs<?> inputs, Set<String> excluded);
}
