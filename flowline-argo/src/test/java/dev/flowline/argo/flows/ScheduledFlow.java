package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import dev.flowline.argo.Schedule;

/** Runs every weekday at 06:30, Berlin time. */
@Schedule(cron = "30 6 * * 1-5", timezone = "Europe/Berlin")
public class ScheduledFlow extends FlowSpec {
  @Parameter(help = "how many rows")
  int rows = 100;

  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
