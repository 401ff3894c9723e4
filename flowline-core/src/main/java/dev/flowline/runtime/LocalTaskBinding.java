package dev.flowline.runtime;

import dev.flowline.Current;
import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.internal.TaskBinding;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The task's side of a running step: records the transition, gives the foreach item and index, and
 * merges join inputs. One per task attempt.
 */
final class LocalTaskBinding implements TaskBinding {
  /** A transition as the step made it. */
  record Transition(List<String> targets, String foreachField) {}

  private final Current current;
  private final String stepName;
  private final Supplier<Object> input;
  private final int index;
  private final JoinMerger merger;
  private final FieldTracking tracking;
  private Transition transition;

  /** Merges join inputs into the flow object. */
  interface JoinMerger {
    void merge(FlowSpec flow, Inputs<?> inputs, Set<String> names, boolean include);
  }

  LocalTaskBinding(
      Current current,
      String stepName,
      Supplier<Object> input,
      int index,
      JoinMerger merger,
      FieldTracking tracking) {
    this.current = current;
    this.stepName = stepName;
    this.input = input;
    this.index = index;
    this.merger = merger;
    this.tracking = tracking;
  }

  @Override
  public void fieldAssigned(String field) {
    tracking.assigned(field);
  }

  @Override
  public void fieldRead(String field) {
    tracking.read(field);
  }

  @Override
  public void transition(List<String> targets, String foreachField) {
    if (transition != null) {
      throw new IllegalStateException(
          "step '"
              + stepName
              + "' called next()/foreach() twice (first "
              + describe(transition)
              + ", then "
              + describe(new Transition(targets, foreachField))
              + "). Call exactly one of them, once, at the end of the step.");
    }
    transition = new Transition(List.copyOf(targets), foreachField);
  }

  /** The transition the step made, or null. */
  Transition recorded() {
    return transition;
  }

  /** Replaces the recorded transition (a caught failure continues as the static graph says). */
  void force(Transition t) {
    transition = t;
  }

  static String describe(Transition t) {
    if (t == null) {
      return "no next()";
    }
    if (t.foreachField() != null) {
      return "foreach(\"" + t.foreachField() + "\", this::" + t.targets().get(0) + ")";
    }
    return "next(" + String.join(", ", t.targets().stream().map(s -> "this::" + s).toList()) + ")";
  }

  @Override
  public Object input() {
    if (index < 0) {
      throw new IllegalStateException(
          "step '"
              + stepName
              + "' called input() but it is not inside a foreach. Use input() only in"
              + " steps between foreach(...) and its join.");
    }
    return input.get();
  }

  @Override
  public int index() {
    if (index < 0) {
      throw new IllegalStateException(
          "step '"
              + stepName
              + "' called index() but it is not inside a foreach. Use index() only in"
              + " steps between foreach(...) and its join.");
    }
    return index;
  }

  @Override
  public Current current() {
    return current;
  }

  @Override
  public void mergeArtifacts(FlowSpec flow, Inputs<?> inputs, Set<String> names, boolean include) {
    if (merger == null) {
      throw new IllegalStateException(
          "step '"
              + stepName
              + "' called mergeArtifacts() but it is not a join. Call it only in a step"
              + " that takes Inputs.");
    }
    merger.merge(flow, inputs, names, include);
  }

  /** Makes an int-indexed supplier (helper for foreach items). */
  static Supplier<Object> memo(IntFunction<Object> f, int i) {
    Object[] cell = new Object[1];
    boolean[] done = new boolean[1];
    return () -> {
      if (!done[0]) {
        cell[0] = f.apply(i);
        done[0] = true;
      }
      return cell[0];
    };
  }
}
