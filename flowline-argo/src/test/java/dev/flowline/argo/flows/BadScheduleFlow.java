package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import dev.flowline.argo.Schedule;

/** A schedule with a six-field cron, an unknown time zone and a required parameter. */
@Schedule(cron = "0 0 6 * * ?", timezone = "Mars/Olympus")
public class BadScheduleFlow extends FlowSpec {
  @Parameter(required = true)
  String table;

  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
