package dev.flowline.kubernetes.preflight;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether some node could ever run a pod: not cordoned, its labels match the pod's node selector,
 * every {@code NoSchedule}/{@code NoExecute} taint is tolerated, and its allocatable resources
 * cover the pod's requests. Allocatable, not free: what other pods use now changes, what a node can
 * give does not. The filters run in the scheduler's order and each node is counted under the first
 * one it fails, so the explanation reads like the scheduler's own {@code 0/3 nodes are available:
 * ...}.
 */
final class NodeFit {
  /**
   * Why no node fits.
   *
   * @param reasons one phrase per kind of failure, e.g. {@code 2 have too little allocatable cpu
   *     (at most 4)}
   * @param fixes what would make a node fit, one per kind of failure
   */
  record Verdict(List<String> reasons, List<String> fixes) {}

  private NodeFit() {}

  /**
   * One reason a node cannot run the pod.
   *
   * @param kind what fails: {@code cordoned}, {@code selector}, {@code taint <taint>}, or a
   *     resource name
   * @param amount for a resource, the node's allocatable amount
   */
  private record Failure(String kind, BigDecimal amount) {}

  /**
   * Empty when some node of {@code nodes} fits {@code pod}, else why none does: each node counted
   * under its first failure (the scheduler's way), and as fixes the changes that would make the
   * nodes with the fewest failures fit.
   */
  static Optional<Verdict> check(Pod pod, List<Node> nodes) {
    var spec = pod.getSpec();
    Map<String, String> selector =
        spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector();
    List<Toleration> tolerations =
        spec.getTolerations() == null ? List.of() : spec.getTolerations();
    var ask = PodAsk.of(pod);
    List<List<Failure>> failures = new ArrayList<>();
    for (Node node : nodes) {
      List<Failure> f = failures(node, selector, tolerations, ask);
      if (f.isEmpty()) {
        return Optional.empty();
      }
      failures.add(f);
    }
    Map<String, Integer> first = new LinkedHashMap<>();
    Map<String, BigDecimal> largest = new LinkedHashMap<>();
    for (var f : failures) {
      first.merge(f.get(0).kind(), 1, Integer::sum);
      f.stream()
          .filter(x -> x.amount() != null)
          .forEach(x -> largest.merge(x.kind(), x.amount(), BigDecimal::max));
    }
    List<String> reasons = new ArrayList<>();
    first.forEach((kind, n) -> reasons.add(reason(kind, n, selector, largest.get(kind))));
    if (nodes.isEmpty()) {
      reasons.add("the cluster has no nodes");
    }
    int fewest = failures.stream().mapToInt(List::size).min().orElse(0);
    Map<List<String>, BigDecimal[]> combos = new LinkedHashMap<>();
    for (var f : failures) {
      if (f.size() != fewest) {
        continue;
      }
      var kinds = f.stream().map(Failure::kind).toList();
      var amounts = combos.computeIfAbsent(kinds, k -> new BigDecimal[k.size()]);
      for (int i = 0; i < f.size(); i++) {
        if (f.get(i).amount() != null) {
          amounts[i] = amounts[i] == null ? f.get(i).amount() : amounts[i].max(f.get(i).amount());
        }
      }
    }
    Set<String> fixes = new LinkedHashSet<>();
    combos.forEach(
        (kinds, amounts) -> {
          List<String> parts = new ArrayList<>();
          for (int i = 0; i < kinds.size(); i++) {
            parts.add(fix(kinds.get(i), amounts[i]));
          }
          fixes.add(String.join(" and ", parts));
        });
    return Optional.of(new Verdict(reasons, List.copyOf(fixes)));
  }

  private static List<Failure> failures(
      Node node, Map<String, String> selector, List<Toleration> tolerations, PodAsk ask) {
    List<Failure> out = new ArrayList<>();
    if (Boolean.TRUE.equals(node.getSpec() == null ? null : node.getSpec().getUnschedulable())) {
      out.add(new Failure("cordoned", null));
    }
    if (!matches(node, selector)) {
      out.add(new Failure("selector", null));
    }
    untolerated(node, tolerations).ifPresent(t -> out.add(new Failure("taint " + show(t), null)));
    Map<String, BigDecimal> allocatable = allocatable(node);
    ask.requests()
        .forEach(
            (resource, amount) -> {
              var has = allocatable.getOrDefault(resource, BigDecimal.ZERO);
              if (amount.signum() > 0 && has.compareTo(amount) < 0) {
                out.add(new Failure(resource, has));
              }
            });
    return out;
  }

  private static String reason(
      String kind, int n, Map<String, String> selector, BigDecimal largest) {
    if (kind.equals("cordoned")) {
      return count(n, "is cordoned", "are cordoned") + " (spec.unschedulable)";
    }
    if (kind.equals("selector")) {
      return count(n, "lacks", "lack")
          + " the labels of the node selector "
          + selectorText(selector);
    }
    if (kind.startsWith("taint ")) {
      return count(n, "has", "have") + " the untolerated taint " + kind.substring(6);
    }
    return count(n, "has", "have")
        + " too little allocatable "
        + kind
        + " (at most "
        + PodAsk.show(kind, largest, RoundingMode.DOWN)
        + ")";
  }

  private static String fix(String kind, BigDecimal amount) {
    if (kind.equals("cordoned")) {
      return "an uncordoned node (kubectl uncordon NODE)";
    }
    if (kind.equals("selector")) {
      return "a node selector that a node's labels match (kubectl get nodes --show-labels), or"
          + " none";
    }
    if (kind.startsWith("taint ")) {
      return "a toleration for "
          + kind.substring(6)
          + " ("
          + tolerationExample(kind.substring(6))
          + ")";
    }
    return Parameters.atMost(kind, amount);
  }

  private static String count(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  private static boolean matches(Node node, Map<String, String> selector) {
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }

  private static Optional<Taint> untolerated(Node node, List<Toleration> tolerations) {
    if (node.getSpec() == null || node.getSpec().getTaints() == null) {
      return Optional.empty();
    }
    return node.getSpec().getTaints().stream()
        .filter(t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))
        .filter(t -> tolerations.stream().noneMatch(tol -> tolerates(tol, t)))
        .findFirst();
  }

  /** Kubernetes' rule ({@code Toleration.ToleratesTaint}). */
  static boolean tolerates(Toleration tol, Taint taint) {
    if (tol.getEffect() != null
        && !tol.getEffect().isEmpty()
        && !tol.getEffect().equals(taint.getEffect())) {
      return false;
    }
    String key = tol.getKey() == null ? "" : tol.getKey();
    if (!key.isEmpty() && !key.equals(taint.getKey())) {
      return false;
    }
    if ("Exists".equals(tol.getOperator())) {
      return true;
    }
    if (key.isEmpty()) {
      // an empty key needs operator Exists
      return false;
    }
    String value = tol.getValue() == null ? "" : tol.getValue();
    String taintValue = taint.getValue() == null ? "" : taint.getValue();
    return value.equals(taintValue);
  }

  private static Map<String, BigDecimal> allocatable(Node node) {
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    if (node.getStatus() != null && node.getStatus().getAllocatable() != null) {
      node.getStatus().getAllocatable().forEach((k, q) -> out.put(k, q.getNumericalAmount()));
    }
    return out;
  }

  private static String show(Taint t) {
    return t.getKey()
        + (t.getValue() == null || t.getValue().isEmpty() ? "" : "=" + t.getValue())
        + ":"
        + t.getEffect();
  }

  private static String selectorText(Map<String, String> selector) {
    var out = new StringBuilder();
    selector.forEach(
        (k, v) -> out.append(out.length() == 0 ? "" : ",").append(k).append('=').append(v));
    return out.toString();
  }

  private static String tolerationExample(String taint) {
    int colon = taint.lastIndexOf(':');
    String keyValue = taint.substring(0, colon);
    String effect = taint.substring(colon + 1);
    int eq = keyValue.indexOf('=');
    String key = eq < 0 ? keyValue : keyValue.substring(0, eq);
    return "--with 'kubernetes:tolerations=[{\"key\":\""
        + key
        + "\",\"operator\":\"Exists\",\"effect\":\""
        + effect
        + "\"}]'";
  }
}
