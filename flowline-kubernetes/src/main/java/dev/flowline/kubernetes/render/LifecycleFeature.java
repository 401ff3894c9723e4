package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.PodBuilder;

/**
 * Pod lifetime: {@code restartPolicy: Never} (retries belong to Flowline) and {@code
 * activeDeadlineSeconds} from {@code @Timeout}, else {@code METAFLOW_DEFAULT_RUNTIME_LIMIT}.
 */
public final class LifecycleFeature implements PodFeature {
  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    var p =
        new PodBuilder(pod.pod())
            .editOrNewSpec()
            .withRestartPolicy("Never")
            .withActiveDeadlineSeconds(ctx.settings().runtimeLimitSeconds())
            .endSpec()
            .build();
    return new StepPod(p, pod.main());
  }
}
