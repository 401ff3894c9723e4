package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Step;
import dev.flowline.argo.Schedule;

/** Mirrors {@code schedule_hourly.py}: {@code @Schedule(hourly = true)}. */
@Schedule(hourly = true)
public class HourlyFlow extends FlowSpec {
  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
