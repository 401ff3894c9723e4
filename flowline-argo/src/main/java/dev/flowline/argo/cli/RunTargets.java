package dev.flowline.argo.cli;

import dev.flowline.cli.FlowContext;
import dev.flowline.kubernetes.config.KubernetesOptions;
import dev.flowline.kubernetes.render.LabelValues;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** Finds a run of the context's flow (a Workflow named by its run id) in the namespace. */
final class RunTargets {
  /** The label every run's workflow carries: the flow's name, label-safe. */
  static final String FLOW_LABEL = "flowline.dev/flow";

  private RunTargets() {}

  /** The namespace the flow's deployments and runs are in. */
  static String namespace(FlowContext ctx) {
    return Deployments.settings(ctx.config()).get(KubernetesOptions.NAMESPACE);
  }

  /**
   * The workflow of run {@code runId} of the flow, or a message (exit code 2) saying it is not
   * there or is another flow's.
   */
  static Found find(FlowContext ctx, KubernetesClient client, String namespace, String runId) {
    var wf =
        client
            .genericKubernetesResources(ArgoResources.WORKFLOWS)
            .inNamespace(namespace)
            .withName(runId)
            .get();
    if (wf == null) {
      return new Found(
          Optional.empty(),
          "no run \""
              + runId
              + "\" of "
              + ctx.flow().name()
              + " in namespace \""
              + namespace
              + "\" (a run id is the name of its Argo workflow, as trigger prints it). Check the"
              + " run id and METAFLOW_KUBERNETES_NAMESPACE.");
    }
    String flowLabel =
        wf.getMetadata().getLabels() == null ? null : wf.getMetadata().getLabels().get(FLOW_LABEL);
    if (!LabelValues.safe(ctx.flow().name()).equals(flowLabel)) {
      return new Found(
          Optional.empty(),
          "workflow \""
              + runId
              + "\" in namespace \""
              + namespace
              + "\" is not a run of "
              + ctx.flow().name()
              + (flowLabel == null ? " (it is not a Flowline run)" : " (it runs " + flowLabel + ")")
              + ". Give a run id of this flow.");
    }
    return new Found(Optional.of(wf), null);
  }

  /** A workflow found, or why not. */
  record Found(Optional<GenericKubernetesResource> workflow, String problem) {}
}
