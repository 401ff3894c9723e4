package dev.flowline.runtime;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where and how an attempt runs, recorded with its start (Metaflow's task metadata): the executor,
 * for a pod its name, namespace and node (from the downward API variables the Job sets), and what
 * its launcher changed for this attempt, passed in {@value #VARIABLE} as {@code key=value} lines
 * (e.g. the memory step-up after an OOM kill).
 */
public final class AttemptInfo {
  /** The variable a launcher uses to add entries: {@code key=value} lines. */
  public static final String VARIABLE = "FLOWLINE_ATTEMPT_INFO";

  private static final String[][] POD =
      new String[][] {
        {"METAFLOW_KUBERNETES_POD_NAME", "kubernetes-pod-name"},
        {"METAFLOW_KUBERNETES_POD_NAMESPACE", "kubernetes-pod-namespace"},
        {"METAFLOW_KUBERNETES_NODE_NAME", "kubernetes-node-name"},
      };

  private AttemptInfo() {}

  /** The info of an attempt running with environment {@code env}. */
  public static Map<String, String> of(Map<String, String> env) {
    Map<String, String> info = new TreeMap<>();
    String executor = env.get("METAFLOW_RUNTIME_ENVIRONMENT");
    info.put("executor", executor == null || executor.isBlank() ? "local" : executor);
    for (String[] p : POD) {
      String value = env.get(p[0]);
      if (value != null && !value.isBlank()) {
        info.put(p[1], value);
      }
    }
    String extra = env.get(VARIABLE);
    if (extra != null) {
      extra
          .lines()
          .forEach(
              line -> {
                int eq = line.indexOf('=');
                if (eq > 0) {
                  info.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
              });
    }
    return info;
  }

  /** The value of {@value #VARIABLE} that adds {@code entries}. */
  public static String encode(Map<String, String> entries) {
    var s = new StringBuilder();
    new TreeMap<>(entries).forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
    return s.toString();
  }
}
