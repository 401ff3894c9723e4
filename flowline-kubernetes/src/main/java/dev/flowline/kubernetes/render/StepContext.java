package dev.flowline.kubernetes.render;

import dev.flowline.kubernetes.KubernetesStepSettings;
import dev.flowline.runtime.TaskSpec;
import java.util.List;
import java.util.Optional;

/**
 * What a step's pod template is built from, without any task: the step's resolved settings, who
 * runs the flow and the shape of the {@code step} command. The command's task identity (run id,
 * task id, attempt, input paths, split index) holds the slots of {@link TaskIdentity}, filled last
 * with literal values (a Job) or Argo expressions (a workflow template).
 *
 * @param settings the step's resolved, validated settings
 * @param command the arguments of {@code dev.flowline.Flowline} that run the step, with slots
 * @param user the user running the flow, if known
 * @param codeUrl the signed URL of the run's code manifest, or an expression giving it (Argo), when
 *     the pod fetches its code; empty renders a placeholder ({@link CodePackageFeature})
 */
public record StepContext(
    KubernetesStepSettings settings,
    List<String> command,
    Optional<String> user,
    Optional<String> codeUrl) {

  /** Canonical form: an immutable command. */
  public StepContext {
    command = List.copyOf(command);
  }

  /** A context without a code URL (rendering only). */
  public StepContext(KubernetesStepSettings settings, List<String> command, Optional<String> user) {
    this(settings, command, user, Optional.empty());
  }

  /**
   * The template context of the step of {@code task}: its run options (tags, {@code --with}, the
   * datastore) and whether it has input paths and a split index shape the command; its identity
   * does not.
   */
  public static StepContext of(
      KubernetesStepSettings settings, TaskSpec task, Optional<String> user) {
    return new StepContext(settings, TaskIdentity.slotsIn(task), user);
  }

  /** The template context of {@code task}'s step, with its code URL. */
  public static StepContext of(TaskContext task) {
    return new StepContext(
        task.settings(), TaskIdentity.slotsIn(task.task()), task.user(), task.codeUrl());
  }
}
