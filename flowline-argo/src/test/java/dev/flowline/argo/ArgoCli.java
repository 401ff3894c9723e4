package dev.flowline.argo;

import dev.flowline.Flowline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs {@code FLOW argo-workflows ...} in process, as {@code bin/flowline} does. */
final class ArgoCli {
  /**
   * What a command did.
   *
   * @param code the exit code
   * @param out standard output
   * @param err standard error
   */
  record Result(int code, String out, String err) {
    /** Both streams, for assertion messages. */
    String all() {
      return "exit code " + code + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  private ArgoCli() {}

  /** The environment of a deployment to namespace {@code flows} with an S3 datastore. */
  static Map<String, String> env(Path work) {
    var env = new HashMap<String, String>();
    env.put("METAFLOW_HOME", work.resolve("home").toString());
    env.put("METAFLOW_USER", "tester");
    env.put("METAFLOW_DEFAULT_DATASTORE", "s3");
    env.put("METAFLOW_DATASTORE_SYSROOT_S3", "s3://bucket/flowline");
    env.put("METAFLOW_KUBERNETES_NAMESPACE", "flows");
    env.put("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "eclipse-temurin:17-jre");
    return env;
  }

  /** Runs {@code FLOW argo-workflows ARGS}. */
  static Result run(Class<?> flow, Map<String, String> env, Path work, String... args) {
    List<String> all = new ArrayList<>(List.of(flow.getName(), "argo-workflows"));
    all.addAll(List.of(args));
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        Flowline.execute(
            all,
            env,
            work,
            flow.getClassLoader(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
