package dev.flowline.argo.cli;

import dev.flowline.cli.FlowCommandGroup;
import dev.flowline.cli.FlowContext;

/**
 * Contributes {@code bin/flowline FLOW argo-workflows ...} through the {@link FlowCommandGroup}
 * SPI.
 */
public final class ArgoCommandGroup implements FlowCommandGroup {
  @Override
  public String name() {
    return "argo-workflows";
  }

  @Override
  public Object create(FlowContext context) {
    return new ArgoWorkflowsCommand(context);
  }
}
