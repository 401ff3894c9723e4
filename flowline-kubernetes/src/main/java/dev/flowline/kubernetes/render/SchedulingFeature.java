package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;

/** Service account, node selector and tolerations. */
public final class SchedulingFeature implements PodFeature {
  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    var s = ctx.settings();
    if (s.serviceAccount().isEmpty() && s.nodeSelector().isEmpty() && s.tolerations().isEmpty()) {
      return pod;
    }
    var spec = new PodBuilder(pod.pod()).editOrNewSpec();
    s.serviceAccount().ifPresent(spec::withServiceAccountName);
    if (!s.nodeSelector().isEmpty()) {
      spec.addToNodeSelector(s.nodeSelector());
    }
    for (var t : s.tolerations()) {
      spec.addToTolerations(toleration(t));
    }
    return new StepPod(spec.endSpec().build(), pod.main());
  }

  private static Toleration toleration(dev.flowline.kubernetes.config.TolerationSpec t) {
    var b = new TolerationBuilder().withOperator(t.operator());
    if (!t.key().isEmpty()) {
      b.withKey(t.key());
    }
    if (!t.value().isEmpty()) {
      b.withValue(t.value());
    }
    if (!t.effect().isEmpty()) {
      b.withEffect(t.effect());
    }
    t.tolerationSeconds().ifPresent(b::withTolerationSeconds);
    return b.build();
  }
}
