package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Step;
import dev.flowline.argo.Schedule;

/** Hourly and daily at once. */
@Schedule(hourly = true, daily = true)
public class TwoShortcutsFlow extends FlowSpec {
  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
