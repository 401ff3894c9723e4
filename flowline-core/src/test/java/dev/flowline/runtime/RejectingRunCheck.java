package dev.flowline.runtime;

import dev.flowline.config.Config;
import dev.flowline.config.Problem;
import dev.flowline.model.FlowModel;
import dev.flowline.runtime.flows.CheckedFlow;
import java.util.List;

/** A test check (registered in this module's test META-INF/services) that rejects CheckedFlow. */
public final class RejectingRunCheck implements RunCheck {
  @Override
  public List<Problem> check(FlowModel flow, Config config) {
    if (!flow.className().equals(CheckedFlow.class.getName())) {
      return List.of();
    }
    return List.of(new Problem("step 'start'", "checked", "is rejected by the test check", ""));
  }
}
