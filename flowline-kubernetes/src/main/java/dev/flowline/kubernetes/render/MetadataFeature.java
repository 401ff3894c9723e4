package dev.flowline.kubernetes.render;

import dev.flowline.kubernetes.config.KubernetesRules;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Labels and annotations: the user's (configured merged with the step's), then the system ones,
 * which win. Flow, run and step are labels too (label-safe values), so that {@code kubectl get pods
 * -l flowline.dev/run=...} finds a run's pods; annotations keep the exact values plus task, attempt
 * and user.
 */
public final class MetadataFeature implements PodFeature {
  /** Label and annotation keys Flowline sets. */
  public static final String FLOW = KubernetesRules.SYSTEM_PREFIX + "flow";

  /** Run id key. */
  public static final String RUN = KubernetesRules.SYSTEM_PREFIX + "run";

  /** Step name key. */
  public static final String STEP = KubernetesRules.SYSTEM_PREFIX + "step";

  /** Task id key (annotation). */
  public static final String TASK = KubernetesRules.SYSTEM_PREFIX + "task";

  /** Attempt key (annotation). */
  public static final String ATTEMPT = KubernetesRules.SYSTEM_PREFIX + "attempt";

  /** User key (annotation). */
  public static final String USER = KubernetesRules.SYSTEM_PREFIX + "user";

  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    var s = ctx.settings();
    Map<String, String> labels = new LinkedHashMap<>(s.labels());
    labels.put("app.kubernetes.io/name", "flowline-task");
    labels.put("app.kubernetes.io/part-of", "flowline");
    labels.put("app.kubernetes.io/managed-by", "flowline");
    labels.put(FLOW, LabelValues.safe(s.flowName()));
    labels.put(RUN, TaskIdentity.RUN_LABEL);
    labels.put(STEP, LabelValues.safe(s.stepName()));

    Map<String, String> annotations = new LinkedHashMap<>(s.annotations());
    annotations.put(FLOW, s.flowName());
    annotations.put(RUN, TaskIdentity.RUN_ID);
    annotations.put(STEP, s.stepName());
    annotations.put(TASK, TaskIdentity.TASK_ID);
    annotations.put(ATTEMPT, TaskIdentity.ATTEMPT);
    ctx.user().ifPresent(u -> annotations.put(USER, u));

    var built =
        new PodBuilder(pod.pod())
            .editOrNewMetadata()
            .withNamespace(s.namespace())
            .addToLabels(labels)
            .addToAnnotations(annotations)
            .endMetadata()
            .build();
    return new StepPod(built, pod.main());
  }
}
