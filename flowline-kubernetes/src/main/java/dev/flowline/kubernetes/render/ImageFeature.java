package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** The image (registry already applied), its pull policy and the pod's image pull secrets. */
public final class ImageFeature implements PodFeature {
  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    var s = ctx.settings();
    var main = new ContainerBuilder(pod.main()).withImage(s.image());
    s.imagePullPolicy().ifPresent(main::withImagePullPolicy);
    var p = pod.pod();
    if (!s.imagePullSecrets().isEmpty()) {
      p =
          new PodBuilder(p)
              .editOrNewSpec()
              .addAllToImagePullSecrets(
                  s.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
              .endSpec()
              .build();
    }
    return new StepPod(p, main.build());
  }
}
