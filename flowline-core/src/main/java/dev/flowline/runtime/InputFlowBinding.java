package dev.flowline.runtime;

import dev.flowline.Current;
import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.internal.TaskBinding;
import java.util.List;
import java.util.Set;

/**
 * The binding of a join's input flow objects ({@code inputs.get(i)}): they are read-only views of
 * finished tasks, so a read of an artifact that did not reach that task fails with the fix, and the
 * task operations say where to call them.
 */
final class InputFlowBinding implements TaskBinding {
  private final String joinStep;
  private final FieldTracking tracking;

  InputFlowBinding(String joinStep, FieldTracking tracking) {
    this.joinStep = joinStep;
    this.tracking = tracking;
  }

  @Override
  public void fieldRead(String field) {
    tracking.read(field);
  }

  private IllegalStateException readOnly(String what) {
    return new IllegalStateException(
        "join step '"
            + joinStep
            + "' called "
            + what
            + " on one of its inputs: inputs are read-only views of finished tasks. Call it on the"
            + " join itself (this).");
  }

  @Override
  public void transition(List<String> targets, String foreachField) {
    throw readOnly("next()/foreach()");
  }

  @Override
  public Object input() {
    throw readOnly("input()");
  }

  @Override
  public int index() {
    throw readOnly("index()");
  }

  @Override
  public Current current() {
    throw readOnly("current()");
  }

  @Override
  public void mergeArtifacts(FlowSpec flow, Inputs<?> inputs, Set<String> names, boolean include) {
    throw readOnly("mergeArtifacts()");
  }
}
