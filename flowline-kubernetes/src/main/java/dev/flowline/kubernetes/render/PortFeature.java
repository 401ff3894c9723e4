package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.ContainerBuilder;

/** The container port, when one is set (TCP, named {@code flowline}). */
public final class PortFeature implements PodFeature {
  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    var port = ctx.settings().port();
    if (port.isEmpty()) {
      return pod;
    }
    var main =
        new ContainerBuilder(pod.main())
            .addNewPort()
            .withName("flowline")
            .withContainerPort(port.get())
            .withProtocol("TCP")
            .endPort()
            .build();
    return new StepPod(pod.pod(), main);
  }
}
