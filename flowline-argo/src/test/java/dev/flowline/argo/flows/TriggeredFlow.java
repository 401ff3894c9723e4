package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import dev.flowline.argo.Trigger;
import dev.flowline.argo.TriggerOnFinish;

/** Starts when data.ready arrives and when TrainingFlow finishes. */
@Trigger(
    event = "data.ready",
    parameters = {"table", "rows=row_count"})
@TriggerOnFinish(flow = "TrainingFlow")
public class TriggeredFlow extends FlowSpec {
  @Parameter(required = true)
  String table;

  @Parameter int rows = 10;

  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
