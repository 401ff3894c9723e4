package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import dev.flowline.argo.Trigger;

/** Mirrors {@code trigger_unmapped.py}: data.ready without a mapping sets every parameter. */
@Trigger(event = "data.ready")
public class UnmappedTriggerFlow extends FlowSpec {
  @Parameter(help = "batch size")
  int size = 10;

  @Parameter(help = "where the data is", required = true)
  String source;

  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
