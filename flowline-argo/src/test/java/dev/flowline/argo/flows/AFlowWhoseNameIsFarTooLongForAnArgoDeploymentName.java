package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Step;

/** A flow whose name is longer than a deployment name may be. */
public class AFlowWhoseNameIsFarTooLongForAnArgoDeploymentName extends FlowSpec {
  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
