package dev.flowline.kubernetes.render;

import dev.flowline.kubernetes.KubernetesStepSettings;
import dev.flowline.runtime.TaskSpec;
import java.util.Optional;

/**
 * What a pod is rendered from: the step's resolved settings, the task attempt's identity, who runs
 * it and where its code comes from.
 *
 * @param settings the step's resolved, validated settings
 * @param task the task attempt (its {@code step} command arguments become the container command)
 * @param user the user running the flow, if known
 * @param codeUrl the signed URL of the run's code manifest ({@code
 *     CodePackageUploader.upload(...).manifestUrl()}) when the pod fetches its code; empty renders
 *     a placeholder ({@code kubernetes render}, which uploads nothing)
 */
public record TaskContext(
    KubernetesStepSettings settings,
    TaskSpec task,
    Optional<String> user,
    Optional<String> codeUrl) {

  /** A context without a code URL (rendering only). */
  public TaskContext(KubernetesStepSettings settings, TaskSpec task, Optional<String> user) {
    this(settings, task, user, Optional.empty());
  }
}
