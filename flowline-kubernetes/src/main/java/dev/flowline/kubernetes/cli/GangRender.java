package dev.flowline.kubernetes.cli;

import dev.flowline.cli.FlowContext;
import dev.flowline.config.SecretMask;
import dev.flowline.kubernetes.render.GangResources;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.kubernetes.render.TaskContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code kubernetes render} of a {@code @Parallel} step: the gang's headless Service and JobSet
 * ({@link JobSetRenderer}), as two YAML documents or a JSON {@code v1/List}; credential-like values
 * masked as in a Job.
 */
final class GangRender {
  private GangRender() {}

  /** Prints the gang of {@code numNodes} nodes whose control node is {@code control}: exit 0. */
  static int print(FlowContext ctx, TaskContext control, int numNodes, boolean json) {
    GangResources gang;
    try {
      gang = new JobSetRenderer().render(control, numNodes);
    } catch (IllegalArgumentException e) {
      ctx.err().println("kubernetes render " + control.task().stepName() + ": " + e.getMessage());
      ctx.err().println("Nothing was rendered.");
      ctx.err().flush();
      return 2;
    }
    var serialization = new KubernetesSerialization();
    GenericKubernetesResource jobSet = redacted(gang.jobSet(), serialization, ctx);
    if (json) {
      var list = new KubernetesListBuilder().addToItems(gang.service(), jobSet).build();
      ctx.out().print(RenderCommand.prettyJson(serialization.asJson(list)));
    } else {
      ctx.out().print(serialization.asYaml(gang.service()) + serialization.asYaml(jobSet));
    }
    ctx.out().flush();
    ctx.err().flush();
    return 0;
  }

  /** The JobSet with the credential-like values of its pods masked (a note says which). */
  @SuppressWarnings("unchecked")
  private static GenericKubernetesResource redacted(
      GenericKubernetesResource jobSet, KubernetesSerialization serialization, FlowContext ctx) {
    var copy = serialization.clone(jobSet);
    var spec = (Map<String, Object>) copy.getAdditionalProperties().get("spec");
    var masked = new LinkedHashSet<String>();
    var replicated = new ArrayList<Map<String, Object>>();
    for (var r : (List<Map<String, Object>>) spec.get("replicatedJobs")) {
      var template = serialization.convertValue(r.get("template"), JobTemplateSpec.class);
      Job job =
          new JobBuilder()
              .withMetadata(template.getMetadata())
              .withSpec(template.getSpec())
              .build();
      masked.addAll(SecretRedaction.maskedNames(job));
      Job shown = SecretRedaction.redact(job);
      var out = new java.util.LinkedHashMap<>(r);
      out.put(
          "template",
          serialization.convertValue(
              new io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder()
                  .withMetadata(shown.getMetadata())
                  .withSpec(shown.getSpec())
                  .build(),
              Map.class));
      replicated.add(out);
    }
    spec.put("replicatedJobs", replicated);
    if (!masked.isEmpty()) {
      ctx.err()
          .println(
              "note: the values of "
                  + String.join(", ", masked)
                  + " are printed as "
                  + SecretMask.MASK
                  + " (they look like credentials), so this JobSet cannot be applied as printed."
                  + " Keep credentials in a Kubernetes Secret and reference it with"
                  + " @Kubernetes(secrets = \"NAME\") or METAFLOW_KUBERNETES_SECRETS.");
    }
    return copy;
  }
}
