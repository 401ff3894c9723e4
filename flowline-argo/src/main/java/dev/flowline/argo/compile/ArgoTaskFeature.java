package dev.flowline.argo.compile;

import dev.flowline.kubernetes.render.PodFeature;
import dev.flowline.kubernetes.render.StepContext;
import dev.flowline.kubernetes.render.StepPod;
import dev.flowline.model.FlowModel;
import dev.flowline.runtime.ParameterBinder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;

/**
 * What a task needs under Argo beyond a Job's pod: an {@code emptyDir} at {@value #OUTPUTS} where
 * the task writes the values Argo reads as output parameters (a foreach's items), and, for the
 * start step, each flow parameter as {@code METAFLOW_RUN_<NAME>} from the workflow's parameter (the
 * start task registers the run with them; an empty value means the flow's default).
 */
public final class ArgoTaskFeature implements PodFeature {
  /** Where a task writes its output parameters. */
  public static final String OUTPUTS = "/mnt/out";

  /** The volume holding {@value #OUTPUTS}. */
  public static final String OUTPUTS_VOLUME = "flowline-argo-out";

  private final List<WorkflowParameter> parameters;

  /** For a flow with {@code parameters}. */
  public ArgoTaskFeature(List<WorkflowParameter> parameters) {
    this.parameters = List.copyOf(parameters);
  }

  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    var spec =
        new PodBuilder(pod.pod())
            .editOrNewSpec()
            .addToVolumes(
                new VolumeBuilder()
                    .withName(OUTPUTS_VOLUME)
                    .withNewEmptyDir()
                    .endEmptyDir()
                    .build())
            .endSpec()
            .build();
    var main =
        new ContainerBuilder(pod.main())
            .addToVolumeMounts(
                new VolumeMountBuilder().withName(OUTPUTS_VOLUME).withMountPath(OUTPUTS).build());
    if (ctx.settings().stepName().equals(FlowModel.START)) {
      for (WorkflowParameter p : parameters) {
        main.addToEnv(
            new EnvVar(
                ParameterBinder.envName(p.name()),
                "{{workflow.parameters." + p.name() + "}}",
                null));
      }
    }
    return new StepPod(spec, main.build());
  }
}
