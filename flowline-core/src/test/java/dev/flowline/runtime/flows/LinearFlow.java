package dev.flowline.runtime.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Step;

/** start -> end. */
public class LinearFlow extends FlowSpec {
  String message;

  @Step
  void start() {
    message = "hi";
    next(this::end);
  }

  @Step
  void end() {}
}
