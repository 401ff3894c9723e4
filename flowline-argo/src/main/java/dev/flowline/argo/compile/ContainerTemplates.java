package dev.flowline.argo.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.kubernetes.render.StepPod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A step's pod (the same {@link StepPod} a Job gets, with Argo expressions for the task identity)
 * as an Argo container template: the main container is the template's {@code container}, the pod's
 * labels and annotations its {@code metadata}, the pod-spec fields Argo templates carry (volumes,
 * scheduling, service account, security context, deadline) go to the template, and every other
 * pod-spec field (image pull secrets, ...) to its {@code podSpecPatch}. {@code restartPolicy} is
 * Argo's.
 */
final class ContainerTemplates {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization K8S = new KubernetesSerialization();

  /** Pod-spec fields that an Argo template has under the same name. */
  private static final Set<String> ON_TEMPLATE =
      Set.of(
          "volumes",
          "nodeSelector",
          "affinity",
          "tolerations",
          "serviceAccountName",
          "automountServiceAccountToken",
          "securityContext",
          "priorityClassName",
          "schedulerName",
          "hostAliases",
          "activeDeadlineSeconds");

  /** Pod-spec fields that Argo sets itself. */
  private static final Set<String> ARGO_OWNS = Set.of("containers", "restartPolicy");

  private ContainerTemplates() {}

  /** The container template {@code name} of {@code pod}. */
  static ObjectNode of(String name, StepPod pod) {
    ObjectNode t = JSON.createObjectNode();
    t.put("name", name);
    var meta = pod.pod().getMetadata();
    ObjectNode m = JSON.createObjectNode();
    if (meta.getLabels() != null && !meta.getLabels().isEmpty()) {
      m.set("labels", JSON.valueToTree(meta.getLabels()));
    }
    if (meta.getAnnotations() != null && !meta.getAnnotations().isEmpty()) {
      m.set("annotations", JSON.valueToTree(meta.getAnnotations()));
    }
    if (!m.isEmpty()) {
      t.set("metadata", m);
    }
    t.set("container", tree(pod.main()));
    JsonNode spec = tree(pod.pod().getSpec());
    ObjectNode patch = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().equals("activeDeadlineSeconds")) {
        // an IntOrString in Argo's schema: its JSON schema types it as a string
        t.put(e.getKey(), e.getValue().asText());
      } else if (ON_TEMPLATE.contains(e.getKey())) {
        t.set(e.getKey(), e.getValue());
      } else if (!ARGO_OWNS.contains(e.getKey())) {
        patch.set(e.getKey(), e.getValue());
      }
    }
    if (!patch.isEmpty()) {
      t.put("podSpecPatch", patch.toString());
    }
    return t;
  }

  /**
   * {@code owner}'s {@code metadata.annotations} (an Argo template's: its pod's; or a pod
   * template's), made when missing.
   */
  static ObjectNode annotations(ObjectNode owner) {
    ObjectNode meta =
        owner.has("metadata") ? (ObjectNode) owner.get("metadata") : owner.putObject("metadata");
    return meta.has("annotations")
        ? (ObjectNode) meta.get("annotations")
        : meta.putObject("annotations");
  }

  private static JsonNode tree(Object fabric8) {
    try {
      return JSON.readTree(K8S.asJson(fabric8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("fabric8 produced invalid JSON", e);
    }
  }
}
