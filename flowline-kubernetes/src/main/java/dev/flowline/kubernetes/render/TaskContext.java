package dev.flowline.kubernetes.render;

import dev.flowline.kubernetes.KubernetesStepSettings;
import dev.flowline.runtime.TaskSpec;
import java.util.Optional;

/**
 * What a pod is rendered from: the step's resolved settings, the task attempt's identity and who
 * runs it.
 *
 * @param settings the step's resolved, validated settings
 * @param task the task attempt (its {@code step} command arguments become the container command)
 * @param user the user running the flow, if known
 */
public record TaskContext(KubernetesStepSettings settings, TaskSpec task, Optional<String> user) {}
