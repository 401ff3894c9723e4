package dev.flowline.kubernetes.render;

/**
 * One concern of a step's pod (resources, image, volumes, ...). A feature returns a new {@link
 * StepPod} built with fabric8 builders from its input, never changes its input, and returns the
 * input unchanged when its setting is absent. {@link JobRenderer#FEATURES} lists all of them in
 * order.
 */
public interface PodFeature {
  /** The pod with this feature applied; {@code pod} itself is left as it was. */
  StepPod apply(StepPod pod, TaskContext context);
}
