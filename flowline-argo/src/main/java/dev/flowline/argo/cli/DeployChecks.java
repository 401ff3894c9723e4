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
    compiled.sensor().ifPresent(sensor -> eventBusProblem(client, sensor).ifPresent(problems::add));
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

  /**
   * The Sensor's namespace and event bus must exist, or Argo Events would accept the Sensor and
   * never start a run. Not checked when the user may not read them (403).
   */
  private static java.util.Optional<String> eventBusProblem(
      KubernetesClient client, ObjectNode sensor) {
    String namespace = sensor.at("/metadata/namespace").asText();
    String bus = sensor.at("/spec/eventBusName").asText("default");
    try {
      if (client.namespaces().withName(namespace).get() == null) {
        return java.util.Optional.of(
            "METAFLOW_ARGO_EVENTS_SENSOR_NAMESPACE: namespace \""
                + namespace
                + "\" does not exist, so the flow's Sensor has nowhere to go. Set it to the"
                + " namespace where Argo Events' event bus runs (kubectl get eventbus -A).");
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
    }
    try {
      var found =
          client
              .genericKubernetesResources(ArgoResources.EVENT_BUSES)
              .inNamespace(namespace)
              .withName(bus)
              .get();
      if (found == null) {
        return java.util.Optional.of(
            "METAFLOW_ARGO_EVENTS_EVENT_BUS: there is no EventBus \""
                + bus
                + "\" in namespace \""
                + namespace
                + "\", so the flow's Sensor would never receive an event. Set it to one that"
                + " exists (kubectl get eventbus -n "
                + namespace
                + "), or create the event bus first.");
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403 && e.getCode() != 404) {
        throw e;
      }
    }
    return java.util.Optional.empty();
  }
}
