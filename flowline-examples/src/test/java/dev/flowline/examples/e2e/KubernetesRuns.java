package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.config.Config;
import dev.flowline.testkit.cluster.TestNamespace;
import dev.flowline.testkit.emulator.S3MockLauncher;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * What the Kubernetes end-to-end tests share: S3Mock as the datastore (one per test class), the
 * environment of a run against a test namespace (datastore, kubeconfig, namespace, image, a Secret
 * with the S3 credentials for the pods), a client reading the runs back, and the test flows.
 */
final class KubernetesRuns implements AutoCloseable {
  private final S3MockLauncher s3;

  private KubernetesRuns(S3MockLauncher s3) {
    this.s3 = s3;
  }

  /** Starts S3Mock with its data in {@code dir}. */
  static KubernetesRuns start(Path dir) throws IOException {
    return new KubernetesRuns(S3MockLauncher.start(dir, "flowline"));
  }

  /** The run's environment for namespace {@code ns} (its S3 credentials Secret is created). */
  Map<String, String> settings(TestNamespace ns) {
    if (ns.client().secrets().withName("s3-credentials").get() == null) {
      ns.client()
          .secrets()
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("s3-credentials")
                  .endMetadata()
                  .addToStringData("AWS_ACCESS_KEY_ID", "e2e")
                  .addToStringData("AWS_SECRET_ACCESS_KEY", "e2e")
                  .addToStringData("AWS_REGION", "us-east-1")
                  .build())
          .create();
    }
    var env = new HashMap<String, String>();
    env.put("METAFLOW_DEFAULT_DATASTORE", "s3");
    env.put("METAFLOW_DATASTORE_SYSROOT_S3", "s3://flowline/k8s");
    env.put("METAFLOW_S3_ENDPOINT_URL", s3.endpoint().toString());
    env.put("AWS_ACCESS_KEY_ID", "e2e");
    env.put("AWS_SECRET_ACCESS_KEY", "e2e");
    env.put("AWS_REGION", "us-east-1");
    env.put("KUBECONFIG", ns.cluster().kubeconfig().toString());
    env.put("METAFLOW_KUBERNETES_NAMESPACE", ns.name());
    env.put("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "eclipse-temurin:17-jre");
    env.put("METAFLOW_KUBERNETES_SECRETS", "s3-credentials");
    env.put("METAFLOW_KUBERNETES_CPU", "0.5");
    env.put("METAFLOW_KUBERNETES_MEMORY", "1024");
    return env;
  }

  /** A client on the runs' datastore, as user {@code tester} (the CLI's user in the tests). */
  FlowlineClient client(Map<String, String> settings, Path work) {
    var env = new HashMap<>(settings);
    env.put("METAFLOW_HOME", work.resolve("home").toString());
    env.put("METAFLOW_USER", "tester");
    return FlowlineClient.open(Config.load(env, work), "s3");
  }

  /** Copies the test flow {@code flows/kubernetes/NAME.java} into {@code work}; its file name. */
  static String flow(String name, Path work) throws IOException {
    String file = name + ".java";
    try (InputStream in = KubernetesRuns.class.getResourceAsStream("/flows/kubernetes/" + file)) {
      Files.copy(in, work.resolve(file));
    }
    return file;
  }

  /** The run id a command printed. */
  static String runId(FlowlineCli.Result r) {
    var m = Pattern.compile("run-id (\\d+)").matcher(r.all());
    assertThat(m.find()).as(r.all()).isTrue();
    return m.group(1);
  }

  /**
   * The pods of {@code ns} that have not ended (a finished task's pod stays until its Job's TTL).
   */
  static List<String> unfinishedPods(TestNamespace ns) {
    return ns.client().pods().list().getItems().stream()
        .filter(p -> !List.of("Succeeded", "Failed").contains(p.getStatus().getPhase()))
        .map(p -> p.getMetadata().getName())
        .toList();
  }

  /** Waits up to {@code seconds} for {@code condition}; whether it held. */
  static boolean await(int seconds, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }

  @Override
  public void close() {
    s3.close();
  }
}
