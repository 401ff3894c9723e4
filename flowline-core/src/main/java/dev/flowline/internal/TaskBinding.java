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

  /**
   * Copies into {@code flow} the artifacts on which all inputs agree and that the join did not
   * assign: all except {@code names}, or with {@code include} only {@code names}.
   */
  void mergeArtifacts(FlowSpec flow, Inputs<?> inputs, Set<String> names, boolean include);

  /**
   * Called (by code the task's class loader adds to the flow's classes) just before the step's code
   * assigns the artifact field {@code field} of the bound flow object, whatever the value and
   * whatever the control flow. The runtime saves exactly the fields assigned while the step ran.
   */
  default void fieldAssigned(String field) {}

  /**
   * Called just before the step's code reads the artifact field {@code field} of the bound flow
   * object.
   *
   * @throws RuntimeException when the field holds no value the step may see (for example an
   *     artifact a join neither assigned nor merged), naming the field and the fix
   */
  default void fieldRead(String field) {}
}
