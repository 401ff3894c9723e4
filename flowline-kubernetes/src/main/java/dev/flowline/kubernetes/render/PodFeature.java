package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * One concern of a step's pod template (resources, image, volumes, ...). A feature returns a new
 * {@link StepPod} built with fabric8 builders from its input, never changes its input, and returns
 * the input unchanged when its setting is absent. It sees the step, never a task: where a task's
 * identity goes it writes a slot of {@link TaskIdentity}, filled last. {@link JobRenderer#FEATURES}
 * lists all of them in order.
 */
public interface PodFeature {
  /** The pod with this feature applied; {@code pod} itself is left as it was. */
  StepPod apply(StepPod pod, StepContext context);

  /**
   * Resources this feature needs beside the pod (e.g. a headless Service for a multi-node step),
   * computed separately from the pod, never as a side effect of {@link #apply}. None by default.
   */
  default List<HasMetadata> accompanyingResources(StepContext context) {
    return List.of();
  }
}
