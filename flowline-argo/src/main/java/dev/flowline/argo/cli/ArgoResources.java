package dev.flowline.argo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The Argo resources the commands read and write, through fabric8's generic resources. */
final class ArgoResources {
  static final ResourceDefinitionContext TEMPLATES = argo("workflowtemplates", "WorkflowTemplate");
  static final ResourceDefinitionContext WORKFLOWS = argo("workflows", "Workflow");
  static final ResourceDefinitionContext CRON = argo("cronworkflows", "CronWorkflow");
  static final ResourceDefinitionContext SENSORS = argo("sensors", "Sensor");
  static final ResourceDefinitionContext EVENT_BUSES = argo("eventbus", "EventBus");

  private static final ObjectMapper JSON = new ObjectMapper();

  private ArgoResources() {}

  private static ResourceDefinitionContext argo(String plural, String kind) {
    return new ResourceDefinitionContext.Builder()
        .withGroup("argoproj.io")
        .withVersion("v1alpha1")
        .withPlural(plural)
        .withKind(kind)
        .withNamespaced(true)
        .build();
  }

  /** The definition of {@code kind}. */
  static ResourceDefinitionContext of(String kind) {
    return switch (kind) {
      case "WorkflowTemplate" -> TEMPLATES;
      case "Workflow" -> WORKFLOWS;
      case "CronWorkflow" -> CRON;
      case "Sensor" -> SENSORS;
      default -> throw new IllegalArgumentException("not an Argo Workflows kind: " + kind);
    };
  }

  /** Creates {@code object}, or replaces the object of the same name. */
  static void apply(KubernetesClient client, ObjectNode object) {
    var resource = JSON.convertValue(object, GenericKubernetesResource.class);
    var ops =
        client
            .genericKubernetesResources(of(resource.getKind()))
            .inNamespace(resource.getMetadata().getNamespace());
    var existing = ops.withName(resource.getMetadata().getName()).get();
    if (existing == null) {
      ops.resource(resource).create();
    } else {
      resource.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      ops.resource(resource).update();
    }
  }

  /**
   * Deletes the object {@code name} of {@code kind} when there is one; nothing when there is none,
   * or when the cluster does not know the kind (e.g. no Argo Events installed).
   */
  static void deleteIfPresent(
      KubernetesClient client, ResourceDefinitionContext kind, String namespace, String name) {
    try {
      client.genericKubernetesResources(kind).inNamespace(namespace).withName(name).delete();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** The UI link of an object: {@code <ui>/<kind path>/<namespace>/<name>}. */
  static String uiUrl(String ui, String path, String namespace, String name) {
    return ui.replaceAll("/+$", "") + "/" + path + "/" + namespace + "/" + name;
  }
}
