package dev.flowline.bench.kubernetes;

import dev.flowline.bench.KubernetesForeachFlow;
import dev.flowline.config.Config;
import dev.flowline.graph.GraphReader;
import dev.flowline.model.FlowModel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of the Kubernetes launch benchmarks ({@code --name value} pairs) and what both
 * build from it: the run's environment and configuration (image mode, the benchmark image, small
 * requests so that a thousand pods fit three test nodes) and the model of {@link
 * KubernetesForeachFlow}.
 */
final class BenchOptions {
  private static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("tasks", "1000"),
          Map.entry("max-workers", "100"),
          Map.entry("image", "flowline-bench/noop:1"),
          Map.entry("cpu", "0.05"),
          Map.entry("memory", "64"),
          Map.entry("disk", "64"),
          Map.entry("namespace", "default"),
          Map.entry("s3-endpoint", "http://127.0.0.1:9"),
          Map.entry("s3-root", "s3://flowline/bench"),
          Map.entry("task-seconds", "0"));

  private final Map<String, String> values;

  private BenchOptions(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses {@code --name value} pairs.
   *
   * @throws IllegalArgumentException on anything else, or when a required option is missing
   */
  static BenchOptions parse(String[] args, List<String> required) {
    var values = new LinkedHashMap<>(DEFAULTS);
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      values.put(args[i].substring(2), args[++i]);
    }
    for (String r : required) {
      if (!values.containsKey(r)) {
        throw new IllegalArgumentException("--" + r + " is required");
      }
    }
    return new BenchOptions(values);
  }

  String get(String name) {
    return values.get(name);
  }

  int integer(String name) {
    return Integer.parseInt(values.get(name));
  }

  Path out() {
    return Path.of(values.get("out")).toAbsolutePath();
  }

  /** All options, for the report. */
  Map<String, String> all() {
    return Map.copyOf(values);
  }

  /**
   * The run's environment: this process's without {@code METAFLOW_*}, plus the kubeconfig, the
   * namespace, image mode with the image, the requests, {@code --task-seconds} (a {@code sleep} in
   * the container before {@code java}, so that each task lasts that long), and an S3 datastore
   * ({@code --s3-endpoint}, {@code --s3-root}): a step on Kubernetes needs a shared one, but in
   * image mode the launcher touches it only to read the exception of a task that failed, so with
   * the benchmark image (every task succeeds) the default endpoint, where nothing listens, is never
   * called.
   */
  Map<String, String> env() {
    var env = new HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("METAFLOW_") || k.startsWith("FLOWLINE_"));
    env.put("KUBECONFIG", Path.of(get("kubeconfig")).toAbsolutePath().toString());
    env.put("METAFLOW_HOME", out().resolve("home").toString());
    env.put("METAFLOW_USER", "bench");
    env.put("METAFLOW_DEFAULT_DATASTORE", "s3");
    env.put("METAFLOW_DATASTORE_SYSROOT_S3", get("s3-root"));
    env.put("METAFLOW_S3_ENDPOINT_URL", get("s3-endpoint"));
    env.putIfAbsent("AWS_ACCESS_KEY_ID", "bench");
    env.putIfAbsent("AWS_SECRET_ACCESS_KEY", "bench");
    env.putIfAbsent("AWS_REGION", "us-east-1");
    env.put("METAFLOW_KUBERNETES_NAMESPACE", get("namespace"));
    env.put("METAFLOW_KUBERNETES_CONTAINER_IMAGE", get("image"));
    env.put("METAFLOW_KUBERNETES_CODE_PACKAGE", "image");
    env.put("METAFLOW_KUBERNETES_CPU", get("cpu"));
    env.put("METAFLOW_KUBERNETES_MEMORY", get("memory"));
    env.put("METAFLOW_KUBERNETES_DISK", get("disk"));
    if (integer("task-seconds") > 0) {
      // the container script runs it before `java`: every task then lasts that long
      env.put("METAFLOW_KUBERNETES_SANDBOX_INIT_SCRIPT", "sleep " + integer("task-seconds"));
    }
    return env;
  }

  Config config(Map<String, String> env) {
    return Config.load(env, out());
  }

  static FlowModel model() {
    return new GraphReader().read(KubernetesForeachFlow.class);
  }
}
