package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Step;
import dev.flowline.argo.Schedule;

/**
 * Mirrors {@code schedule_daily.py}: {@code @Schedule(daily = true, timezone =
 * "America/New_York")}.
 */
@Schedule(daily = true, timezone = "America/New_York")
public class DailyFlow extends FlowSpec {
  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
