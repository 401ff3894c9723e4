package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import dev.flowline.argo.Trigger;

/** A trigger with a bad event name and a parameter the flow lacks. */
@Trigger(
    event = "data ready!",
    parameters = {"tabel"})
public class BadTriggerFlow extends FlowSpec {
  @Parameter String table = "t";

  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
