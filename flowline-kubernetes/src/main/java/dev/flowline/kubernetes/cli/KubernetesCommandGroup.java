package dev.flowline.kubernetes.cli;

import dev.flowline.cli.FlowCommandGroup;
import dev.flowline.cli.FlowContext;

/**
 * Contributes {@code bin/flowline FLOW kubernetes ...} through the {@link FlowCommandGroup} SPI.
 */
public final class KubernetesCommandGroup implements FlowCommandGroup {
  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public Object create(FlowContext context) {
    return new KubernetesCommand(context);
  }
}
