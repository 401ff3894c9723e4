package dev.flowline.runtime.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Step;

/** A flow that the test {@code RunCheck} of this module always rejects. */
public class CheckedFlow extends FlowSpec {
  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
