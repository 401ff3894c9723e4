package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** Each PersistentVolumeClaim as a volume {@code pvc-<claim>} mounted at its path. */
public final class PersistentVolumeClaimsFeature implements PodFeature {
  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    var claims = ctx.settings().persistentVolumeClaims();
    if (claims.isEmpty()) {
      return pod;
    }
    var p = new PodBuilder(pod.pod());
    var main = new ContainerBuilder(pod.main());
    claims.forEach(
        (claim, path) -> {
          String volume = "pvc-" + claim;
          p.editOrNewSpec()
              .addNewVolume()
              .withName(volume)
              .withNewPersistentVolumeClaim()
              .withClaimName(claim)
              .endPersistentVolumeClaim()
              .endVolume()
              .endSpec();
          main.addNewVolumeMount().withName(volume).withMountPath(path).endVolumeMount();
        });
    return new StepPod(p.build(), main.build());
  }
}
