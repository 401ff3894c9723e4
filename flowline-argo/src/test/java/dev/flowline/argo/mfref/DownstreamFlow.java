package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Step;
import dev.flowline.argo.TriggerOnFinish;

/** Mirrors {@code trigger_on_finish.py}: starts when HelloFlow finishes. */
@TriggerOnFinish(flow = "HelloFlow")
public class DownstreamFlow extends FlowSpec {
  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
