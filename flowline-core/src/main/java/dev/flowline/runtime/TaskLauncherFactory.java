package dev.flowline.runtime;

import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;

/**
 * Adds a back end that runs some steps elsewhere than on this machine (e.g. {@code @Kubernetes}
 * steps as Jobs). Found with {@link java.util.ServiceLoader} on the flow's class path (register the
 * implementation in {@code META-INF/services/dev.flowline.runtime.TaskLauncherFactory}). Each step
 * goes to the one factory that handles it, or to the local launcher when none does; two factories
 * that handle the same step stop the run before it starts.
 */
public interface TaskLauncherFactory {
  /** The back end's name, as in {@link TaskLauncher#name()} and in messages. */
  String name();

  /**
   * Whether this back end runs {@code step}; decided from the step's resolved decorators only
   * (pure: contacts nothing).
   */
  boolean handles(FlowModel flow, StepModel step);

  /** A launcher for the steps of one run that this factory handles. */
  TaskLauncher create(LaunchContext context);
}
