package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.ContainerBuilder;

/**
 * Secrets as {@code envFrom} references: the step's and the configured ones, de-duplicated (the
 * resolver already removed duplicates; references already on the container are not repeated).
 */
public final class SecretsFeature implements PodFeature {
  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    var secrets = ctx.settings().secrets();
    if (secrets.isEmpty()) {
      return pod;
    }
    var main = new ContainerBuilder(pod.main());
    for (String name : secrets) {
      boolean present =
          pod.main().getEnvFrom().stream()
              .anyMatch(e -> e.getSecretRef() != null && name.equals(e.getSecretRef().getName()));
      if (!present) {
        main.addNewEnvFrom().withNewSecretRef().withName(name).endSecretRef().endEnvFrom();
      }
    }
    return new StepPod(pod.pod(), main.build());
  }
}
