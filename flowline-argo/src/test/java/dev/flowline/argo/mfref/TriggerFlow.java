package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import dev.flowline.argo.Trigger;

/** Mirrors {@code trigger.py}: data.ready sets alpha from alpha_value and config from cfg. */
@Trigger(
    event = "data.ready",
    parameters = {"alpha=alpha_value", "config=cfg"})
public class TriggerFlow extends FlowSpec {
  @Parameter(help = "learning rate")
  double alpha = 0.5;

  @Parameter(help = "settings as JSON")
  String config = "{\"a\": 1}";

  @Parameter(help = "not mapped by the event")
  String label = "none";

  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
