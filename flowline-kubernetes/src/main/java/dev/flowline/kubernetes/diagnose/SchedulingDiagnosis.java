package dev.flowline.kubernetes.diagnose;

import dev.flowline.kubernetes.config.KubernetesOptions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A pod the scheduler cannot place ({@code PodScheduled=False}, reason {@code Unschedulable}): each
 * reason of the scheduler's message becomes what the pod waits for and the setting to change (the
 * plugins' reason strings: NodeResourcesFit {@code Insufficient <resource>} and {@code Too many
 * pods}, NodeAffinity {@code node(s) didn't match Pod's node affinity/selector}, TaintToleration
 * {@code node(s) had untolerated taint(s)} (before 1.33 {@code ... taint {k: v}}),
 * NodeUnschedulable {@code node(s) were unschedulable}, VolumeBinding {@code pod has unbound
 * immediate PersistentVolumeClaims} and {@code persistentvolumeclaim "x" not found}). Always
 * WAITING: a cluster autoscaler may add a fitting node, a claim may bind.
 */
final class SchedulingDiagnosis {
  private static final Pattern MISSING_CLAIM =
      Pattern.compile("persistentvolumeclaim \"([^\"]+)\" not found");
  private static final Pattern TAINT = Pattern.compile("untolerated taint \\{([^}]*)}");

  private SchedulingDiagnosis() {}

  /** The pod is gated: a queueing system holds it until it removes its scheduling gates. */
  static Stuck gated(String message) {
    return Stuck.waiting(
        StuckCause.UNSCHEDULABLE,
        "the pod is held by scheduling gates",
        message,
        "A queueing system (e.g. Kueue) holds the pod until it removes the gates; the task waits"
            + " for it.",
        "waiting for the pod's scheduling gates to be removed: " + message);
  }

  static Stuck of(Pod pod, String message) {
    Optional<SchedulerMessage> parsed = SchedulerMessage.parse(message);
    if (parsed.isEmpty()) {
      return Stuck.waiting(
          StuckCause.UNSCHEDULABLE,
          "the scheduler finds no node for the pod",
          message,
          "Read the scheduler's message for the part of the pod's settings no node satisfies.",
          "waiting for a node: " + message);
    }
    SchedulerMessage m = parsed.get();
    List<String> with = new ArrayList<>();
    Set<String> that = new LinkedHashSet<>();
    Set<String> other = new LinkedHashSet<>();
    Set<String> fixes = new LinkedHashSet<>();
    boolean claimsOnly = true;
    for (SchedulerMessage.Reason r : m.reasons()) {
      String text = r.text();
      String nodes = r.nodes() + " of " + m.nodes() + " nodes";
      Matcher missing = MISSING_CLAIM.matcher(text);
      if (text.startsWith("Insufficient ")) {
        String resource = text.substring("Insufficient ".length()).trim();
        Optional<BigDecimal> asked = PodFacts.request(pod, resource);
        String amount =
            asked
                .map(a -> PodFacts.amount(resource, a) + unit(resource))
                .orElse("enough " + ResourceSettings.noun(resource));
        with.add(amount);
        fixes.add(
            nodes
                + " lack the "
                + ResourceSettings.noun(resource)
                + " the pod requests"
                + asked.map(a -> " (" + PodFacts.amount(resource, a) + ")").orElse("")
                + ": lower it with "
                + ResourceSettings.settings(resource)
                + ", or let a cluster autoscaler add a larger node.");
      } else if (text.equals("Too many pods")) {
        that.add("with room for another pod");
        fixes.add(nodes + " already run as many pods as they allow; the task waits for room.");
      } else if (text.contains("didn't match Pod's node affinity/selector")) {
        String selector = selector(pod);
        that.add("that matches " + selector);
        fixes.add(
            nodes
                + " do not have the labels of the pod's "
                + selector
                + ": change it with @Kubernetes(nodeSelector = ...) or "
                + KubernetesOptions.NODE_SELECTOR.key()
                + " (`kubectl get nodes --show-labels` lists the nodes' labels), or label a node.");
      } else if (text.contains("untolerated taint")) {
        Matcher taint = TAINT.matcher(text);
        that.add("whose taints the pod tolerates");
        fixes.add(
            nodes
                + " have a taint the pod does not tolerate"
                + (taint.find() ? " (" + taint.group(1).trim() + ")" : "")
                + ": add a toleration with @Kubernetes(tolerations = ...) or "
                + KubernetesOptions.TOLERATIONS.key()
                + " (the pod tolerates: "
                + tolerations(pod)
                + "; `kubectl describe nodes | grep Taints` lists the nodes' taints).");
      } else if (text.contains("were unschedulable")) {
        that.add("that is not cordoned");
        fixes.add(
            nodes + " are cordoned (e.g. drained for maintenance); the task waits for others.");
      } else if (text.contains("pod has unbound immediate PersistentVolumeClaims")) {
        String claims = String.join(", ", PodFacts.claimsByVolume(pod).values());
        other.add("its PersistentVolumeClaims (" + claims + ") to be bound");
        fixes.add(
            "PersistentVolumeClaims "
                + claims
                + " are not bound to a volume yet (`kubectl describe pvc -n "
                + PodFacts.namespace(pod)
                + "` says why): their storage class must provide one. "
                + claimSettings());
        continue;
      } else if (missing.find()) {
        other.add("PersistentVolumeClaim " + missing.group(1) + " to exist");
        fixes.add(
            "There is no PersistentVolumeClaim "
                + missing.group(1)
                + " in namespace "
                + PodFacts.namespace(pod)
                + ": create it, or change the claims. "
                + claimSettings());
        continue;
      } else if (text.contains("persistentvolumeclaim")
          || text.contains("persistent volume")
          || text.contains("volume node affinity")
          || text.contains("free storage")) {
        that.add("that can use the pod's volumes");
        fixes.add(nodes + " cannot use the pod's volumes (" + text + "). " + claimSettings());
      } else if (text.contains("affinity") || text.contains("topology spread")) {
        that.add("that satisfies the pod's affinity rules");
        fixes.add(nodes + ": " + text + ".");
      } else if (text.contains("free ports")) {
        that.add("with the pod's ports free");
        fixes.add(
            nodes
                + " have the pod's port in use; it comes from @Kubernetes(port = ...) or "
                + KubernetesOptions.PORT.key()
                + ".");
      } else if (m.nodes() == 0) {
        that.add("(the cluster has none)");
        fixes.add("The cluster has no nodes yet; the task waits for one to be added.");
      } else {
        fixes.add(nodes + ": " + text + ".");
      }
      claimsOnly = false;
    }
    String need = need(with, that, other);
    return Stuck.waiting(
        StuckCause.UNSCHEDULABLE,
        claimsOnly && !other.isEmpty()
            ? "the pod's PersistentVolumeClaims are not ready"
            : "no node can take the pod",
        message,
        String.join(" ", fixes),
        "waiting for " + need + ": " + m.filterPart());
  }

  private static String need(List<String> with, Set<String> that, Set<String> other) {
    List<String> parts = new ArrayList<>();
    if (!with.isEmpty() || !that.isEmpty()) {
      List<String> qualities = new ArrayList<>();
      if (!with.isEmpty()) {
        qualities.add("with " + String.join(" and ", with));
      }
      qualities.addAll(that);
      parts.add("a node " + String.join(", ", qualities));
    }
    parts.addAll(other);
    return parts.isEmpty() ? "a node" : String.join(" and ", parts);
  }

  /** " of memory" after memory amounts, nothing after CPUs and devices. */
  private static String unit(String resource) {
    return switch (resource) {
      case "memory" -> " of memory";
      case "ephemeral-storage" -> " of ephemeral storage";
      case "cpu" -> "";
      default -> " " + resource;
    };
  }

  private static String selector(Pod pod) {
    Map<String, String> s = PodFacts.nodeSelector(pod);
    if (s.isEmpty()) {
      return "node affinity";
    }
    return "nodeSelector "
        + s.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }

  /** The pod's own tolerations, without the two Kubernetes adds to every pod. */
  private static String tolerations(Pod pod) {
    List<String> own =
        PodFacts.tolerations(pod).stream()
            .filter(
                t ->
                    !"node.kubernetes.io/not-ready".equals(t.getKey())
                        && !"node.kubernetes.io/unreachable".equals(t.getKey()))
            .map(SchedulingDiagnosis::toleration)
            .toList();
    return own.isEmpty() ? "none" : String.join(", ", own);
  }

  private static String toleration(Toleration t) {
    String key = t.getKey() == null || t.getKey().isEmpty() ? "*" : t.getKey();
    String value =
        "Exists".equals(t.getOperator()) || t.getValue() == null ? "" : "=" + t.getValue();
    String effect = t.getEffect() == null || t.getEffect().isEmpty() ? "" : ":" + t.getEffect();
    return key + value + effect;
  }

  private static String claimSettings() {
    return "The claims come from @Kubernetes(persistentVolumeClaims = ...) or "
        + KubernetesOptions.PERSISTENT_VOLUME_CLAIMS.key()
        + ".";
  }
}
