package dev.flowline.argo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code create} checks on the cluster before it writes anything, so that a deployment is not
 * left half made: every kind it will create is installed (the Argo Workflows CRDs, and Argo Events'
 * for a Sensor), and a deployment of the same name, if there is one, is the same user's.
 */
final class DeployChecks {
  private DeployChecks() {}

  /** Every reason not to deploy {@code compiled} as {@code user}; empty when none. */
  static List<String> problems(
      KubernetesClient client, Deployments.Compiled compiled, String user) {
    List<String> problems = new ArrayList<>();
    Set<String> checked = new LinkedHashSet<>();
    for (ObjectNode o : compiled.objects()) {
      String kind = o.path("kind").asText();
      String namespace = o.at("/metadata/namespace").asText();
      if (!checked.add(kind + "/" + namespace)) {
        continue;
      }
      try {
        client
            .genericKubernetesResources(ArgoResources.of(kind))
            .inNamespace(namespace)
            .list(new ListOptionsBuilder().withLimit(1L).build());
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404) {
          throw e;
        }
        problems.add(
            "the cluster has no "
                + kind
                + " resource (argoproj.io/v1alpha1): "
                + (kind.equals("Sensor")
                    ? "Argo Events is not installed. Install it, or remove @Trigger and"
                        + " @TriggerOnFinish from the flow."
                    : "Argo Workflows is not installed. Install it (its CRDs and controller)."));
      }
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    var existing =
        client
            .genericKubernetesResources(ArgoResources.TEMPLATES)
            .inNamespace(compiled.spec().namespace())
            .withName(compiled.spec().name())
            .get();
    if (existing != null) {
      Map<String, String> a = existing.getMetadata().getAnnotations();
      String owner = a == null ? null : a.get("flowline.dev/owner");
      if (owner == null) {
        problems.add(
            "WorkflowTemplate \""
                + compiled.spec().name()
                + "\" in namespace \""
                + compiled.spec().namespace()
                + "\" exists and was not deployed by Flowline. Deploy under another name with"
                + " --name, or remove it first.");
      } else if (!owner.equals(user)) {
        problems.add(
            "deployment \""
                + compiled.spec().name()
                + "\" in namespace \""
                + compiled.spec().namespace()
                + "\" belongs to "
                + owner
                + ", not to "
                + user
                + ". Deploy your own with --name (or, with @Project, your user branch), or ask "
                + owner
                + " to delete it with argo-workflows delete.");
      }
    }
    return problems;
  }
}
