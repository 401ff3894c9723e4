package dev.flowline.graph.other;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;

/**
 * Steps in a superclass in another package than its subclass: javac compiles the subclass's
 * references to these protected methods into synthetic lambda methods.
 */
public abstract class ProtectedBase extends FlowSpec {
  @Step
  protected void start() {
    next(this::fork);
  }

  @Step
  protected abstract void fork();

  @Step
  protected void join(Inputs<ProtectedBase> inputs) {
    next(this::end);
  }

  @Step
  protected void end() {}
}
