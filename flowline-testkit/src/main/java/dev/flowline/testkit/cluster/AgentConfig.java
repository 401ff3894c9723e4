package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the node agent is started with: where the cluster's state folder is, the port of its kubelet
 * endpoint and the nodes it registers (all alike: capacity, labels, taints).
 *
 * @param kubeconfig the admin kubeconfig of the cluster
 * @param stateDir the cluster's state folder (pods' files live under {@code pods/}, the PKI under
 *     {@code pki/})
 * @param port the HTTPS port of the kubelet endpoint (logs)
 * @param nodes how many nodes to register
 * @param cpu each node's CPU capacity, e.g. {@code 4}
 * @param memory each node's memory capacity, e.g. {@code 8Gi}
 * @param pods each node's pod capacity
 * @param labels extra labels by node index ({@code -1}: every node); given as {@code k=v} or {@code
 *     N/k=v}
 * @param taints taints by node index ({@code -1}: every node); given as {@code k=v:Effect} or
 *     {@code N/k=v:Effect}
 * @param extendedResources extended resources in capacity and allocatable (as a device plugin
 *     advertises them) by node index ({@code -1}: every node); given as {@code nvidia.com/gpu=2} or
 *     {@code N/nvidia.com/gpu=2}
 */
public record AgentConfig(
    Path kubeconfig,
    Path stateDir,
    int port,
    int nodes,
    String cpu,
    String memory,
    int pods,
    Map<Integer, Map<String, String>> labels,
    Map<Integer, List<Taint>> taints,
    Map<Integer, Map<String, String>> extendedResources) {

  /**
   * Parses the command line {@code bin/flowline-cluster} gives the agent; every problem is reported
   * at once.
   */
  static AgentConfig parse(String[] args) {
    var values = new LinkedHashMap<String, String>();
    var problems = new ArrayList<String>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        problems.add(
            "argument '" + args[i] + "' is not an option followed by its value (--name value)");
        continue;
      }
      values.put(args[i].substring(2), args[++i]);
    }
    var labels = new LinkedHashMap<Integer, Map<String, String>>();
    for (var item : split(values.getOrDefault("node-labels", ""))) {
      int node = nodeIndex(item);
      var pair = node < 0 ? item : item.substring(item.indexOf('/') + 1);
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        problems.add(
            "--node-labels: '"
                + pair
                + "' is not key=value; give e.g. --node-labels pool=gpu,1/zone=a (N/ for node N only)");
      } else {
        labels
            .computeIfAbsent(node, n -> new LinkedHashMap<>())
            .put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    var taints = new LinkedHashMap<Integer, List<Taint>>();
    for (var item : split(values.getOrDefault("node-taints", ""))) {
      int node = nodeIndex(item);
      var spec = node < 0 ? item : item.substring(item.indexOf('/') + 1);
      var matcher =
          java.util.regex.Pattern.compile(
                  "([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)")
              .matcher(spec);
      if (!matcher.matches()) {
        problems.add(
            "--node-taints: '"
                + spec
                + "' is not key[=value]:Effect with Effect one of NoSchedule, PreferNoSchedule,"
                + " NoExecute; give e.g. --node-taints gpu=true:NoSchedule or 1/gpu=true:NoSchedule (node 1 only)");
      } else {
        taints
            .computeIfAbsent(node, n -> new ArrayList<>())
            .add(
                new TaintBuilder()
                    .withKey(matcher.group(1))
                    .withValue(matcher.group(2))
                    .withEffect(matcher.group(3))
                    .build());
      }
    }
    var resources = new LinkedHashMap<Integer, Map<String, String>>();
    for (var item : split(values.getOrDefault("node-extended-resources", ""))) {
      int node = nodeIndex(item);
      var pair = node < 0 ? item : item.substring(item.indexOf('/') + 1);
      var matcher =
          java.util.regex.Pattern.compile(
                  "([a-z0-9]([-a-z0-9.]*[a-z0-9])?/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)=(\\d+)")
              .matcher(pair);
      if (!matcher.matches()
          || matcher.group(1).startsWith("kubernetes.io/")
          || matcher.group(1).startsWith("requests.")) {
        problems.add(
            "--node-extended-resources: '"
                + pair
                + "' is not domain/name=COUNT (an extended resource outside kubernetes.io, a whole"
                + " number); give e.g. --node-extended-resources nvidia.com/gpu=2 or"
                + " 1/nvidia.com/gpu=2,1/amd.com/gpu=1 (N/ for node N only)");
      } else {
        resources
            .computeIfAbsent(node, n -> new LinkedHashMap<>())
            .put(matcher.group(1), matcher.group(4));
      }
    }
    for (var required : List.of("kubeconfig", "state-dir", "port")) {
      if (!values.containsKey(required)) {
        problems.add("--" + required + " is missing");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "node agent: bad command line: " + String.join("; ", problems));
    }
    return new AgentConfig(
        Path.of(values.get("kubeconfig")),
        Path.of(values.get("state-dir")),
        Integer.parseInt(values.get("port")),
        Integer.parseInt(values.getOrDefault("nodes", "1")),
        values.getOrDefault("node-cpu", "4"),
        values.getOrDefault("node-memory", "8Gi"),
        Integer.parseInt(values.getOrDefault("node-pods", "110")),
        labels,
        taints,
        resources);
  }

  private static int nodeIndex(String item) {
    int slash = item.indexOf('/');
    int eq = item.indexOf('=');
    if (slash > 0
        && (eq < 0 || slash < eq)
        && item.substring(0, slash).chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(item.substring(0, slash));
    }
    return -1;
  }

  /** The extra labels of node {@code index}. */
  Map<String, String> labelsOf(int index) {
    var result = new LinkedHashMap<String, String>(labels.getOrDefault(-1, Map.of()));
    result.putAll(labels.getOrDefault(index, Map.of()));
    return result;
  }

  /** The extended resources (name to count) of node {@code index}. */
  Map<String, String> extendedResourcesOf(int index) {
    var result = new LinkedHashMap<String, String>(extendedResources.getOrDefault(-1, Map.of()));
    result.putAll(extendedResources.getOrDefault(index, Map.of()));
    return result;
  }

  /** The taints of node {@code index}. */
  List<Taint> taintsOf(int index) {
    var result = new ArrayList<Taint>(taints.getOrDefault(-1, List.of()));
    result.addAll(taints.getOrDefault(index, List.of()));
    return result;
  }

  private static List<String> split(String list) {
    return list.isBlank() ? List.of() : List.of(list.split(","));
  }

  /** The name of node {@code index} (0-based). */
  String nodeName(int index) {
    return "flowline-node-" + index;
  }
}
