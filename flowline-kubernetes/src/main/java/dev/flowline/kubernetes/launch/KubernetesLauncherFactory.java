package dev.flowline.kubernetes.launch;

import dev.flowline.kubernetes.StepSettingsResolver;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.runtime.LaunchContext;
import dev.flowline.runtime.TaskLauncher;
import dev.flowline.runtime.TaskLauncherFactory;

/**
 * Runs the steps with a resolved {@code kubernetes} decorator ({@code @Kubernetes} or {@code --with
 * kubernetes}) as Kubernetes Jobs, one per attempt ({@link KubernetesTaskLauncher}). Registered in
 * {@code META-INF/services/dev.flowline.runtime.TaskLauncherFactory}.
 */
public final class KubernetesLauncherFactory implements TaskLauncherFactory {
  /** The back end's name, as in the run's {@code runtime:kubernetes} tag. */
  public static final String NAME = "kubernetes";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean handles(FlowModel flow, StepModel step) {
    return StepSettingsResolver.runsOnKubernetes(step);
  }

  @Override
  public TaskLauncher create(LaunchContext context) {
    return new KubernetesTaskLauncher(context);
  }
}
