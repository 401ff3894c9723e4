package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import dev.flowline.argo.Schedule;

/** Mirrors {@code schedule_cron.py}: a cron schedule with a time zone and an int parameter. */
@Schedule(cron = "0 6 * * MON-FRI", timezone = "Europe/Berlin")
public class CronFlow extends FlowSpec {
  @Parameter(help = "batch size")
  int size = 10;

  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
