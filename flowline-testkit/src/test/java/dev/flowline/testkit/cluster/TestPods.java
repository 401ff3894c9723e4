package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;

/**
 * Pods for the cluster self-tests: a shell command in the {@code busybox} image (the host's tools).
 */
final class TestPods {

  private TestPods() {}

  static PodBuilder shell(String name, String script) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(2L)
        .addNewContainer()
        .withName("main")
        .withImage("busybox:1.36")
        .withCommand("sh", "-c", script)
        .endContainer()
        .endSpec();
  }

  static Pod withMemoryLimit(Pod pod, String limit) {
    return new PodBuilder(pod)
        .editSpec()
        .editFirstContainer()
        .withNewResources()
        .addToLimits("memory", new Quantity(limit))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  static String phase(Pod pod) {
    return pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  static boolean terminal(Pod pod) {
    return List.of("Succeeded", "Failed").contains(phase(pod));
  }
}
