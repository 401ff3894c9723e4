package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Step;
import dev.flowline.argo.Schedule;

/** Mirrors {@code schedule_weekly.py}: {@code @Schedule(weekly = true)}. */
@Schedule(weekly = true)
public class WeeklyFlow extends FlowSpec {
  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
