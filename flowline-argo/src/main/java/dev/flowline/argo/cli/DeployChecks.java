package dev.flowline.argo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code create} checks on the cluster before it writes anything, so that a deployment is not
 * left half made: every kind it will create is installed (the Argo Workflows CRDs, and Argo Events'
 * for a Sensor, the JobSet API for a flow with a gang), and a deployment of the same name, if there
 * is one, is the same user's.
 */
final class DeployChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    problems.addAll(jobSets(client, compiled));
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
  private static Optional<String> eventBusProblem(KubernetesClient client, ObjectNode sensor) {
    String namespace = sensor.at("/metadata/namespace").asText();
    String bus = sensor.at("/spec/eventBusName").asText("default");
    try {
      if (client.namespaces().withName(namespace).get() == null) {
        return Optional.of(
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
        return Optional.of(
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
    return Optional.empty();
  }

  /**
   * A flow with a gang ({@code @Parallel}) needs the JobSet API: each gang's resource template
   * creates a JobSet, which would otherwise fail only when a run reaches it.
   */
  private static List<String> jobSets(KubernetesClient client, Deployments.Compiled compiled) {
    List<String> gangs = new ArrayList<>();
    String apiVersion = null;
    for (ObjectNode o : compiled.objects()) {
      for (var t : o.at("/spec/templates")) {
        if (!t.at("/resource/manifest").isTextual()) {
          continue;
        }
        JsonNode manifest;
        try {
          manifest = JSON.readTree(t.at("/resource/manifest").asText());
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("the compiler wrote a manifest that is not JSON", e);
        }
        if (manifest.path("kind").asText().equals("JobSet")) {
          gangs.add(t.path("name").asText());
          apiVersion = manifest.path("apiVersion").asText();
        }
      }
    }
    if (gangs.isEmpty()) {
      return List.of();
    }
    String[] gv = apiVersion.split("/");
    try {
      client
          .genericKubernetesResources(
              new ResourceDefinitionContext.Builder()
                  .withGroup(gv[0])
                  .withVersion(gv[1])
                  .withPlural("jobsets")
                  .withKind("JobSet")
                  .withNamespaced(true)
                  .build())
          .inNamespace(compiled.spec().namespace())
          .list(new ListOptionsBuilder().withLimit(1L).build());
      return List.of();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      return List.of(
          "the cluster does not serve the JobSet API "
              + apiVersion
              + ", and the flow's gang steps ("
              + String.join(", ", gangs)
              + ", @Parallel) run as JobSets. Install the JobSet controller (v0.12 or later:"
              + " https://jobset.sigs.k8s.io/docs/installation/), or deploy to a cluster that"
              + " has it.");
    }
  }
}
