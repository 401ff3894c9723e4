package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Run;
import dev.flowline.config.Config;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import dev.flowline.testkit.emulator.S3MockLauncher;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Example flows with steps on Kubernetes, run by {@code bin/flowline} against the real control
 * plane and the node agent ({@link TestClusterExtension}) with S3Mock as the datastore: each
 * attempt is a Job, its pod runs the task's {@code step} command, the run reads the outcome back.
 */
@ExtendWith(TestClusterExtension.class)
class KubernetesRunEndToEndTest {
  private static S3MockLauncher s3;

  @TempDir static Path servers;
  @TempDir Path work;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3MockLauncher.start(servers.resolve("s3"), "flowline");
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  /** The run's environment: the datastore, the cluster, the namespace and its image. */
  private Map<String, String> settings(TestNamespace ns) throws Exception {
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

  private FlowlineClient client(Map<String, String> settings) {
    var env = new HashMap<>(settings);
    env.put("METAFLOW_HOME", work.resolve("home").toString());
    env.put("METAFLOW_USER", "tester");
    return FlowlineClient.open(Config.load(env, work), "s3");
  }

  @Test
  void helloFlowRunsEveryStepAsAJob(TestNamespace ns) throws Exception {
    var settings = settings(ns);
    var cli = new FlowlineCli(work);
    var r =
        cli.run(
            settings,
            "dev.flowline.examples.HelloFlow",
            "run",
            "--with",
            "kubernetes",
            "--with",
            "environment:vars=[\"FLOWLINE_CLASSPATH=" + FlowlineCli.classPath() + "\"]");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("HELLO WORLD");
    try (FlowlineClient client = client(settings)) {
      Run run = client.flow("HelloFlow").latestRun().orElseThrow();
      assertThat(run.successful()).isTrue();
      assertThat(run.data().get("greeting")).isEqualTo("HELLO WORLD");
      assertThat(run.step("end").task().stdout()).contains("HELLO WORLD");
    }
    var jobs = ns.client().batch().v1().jobs().list().getItems();
    assertThat(jobs).hasSize(3);
    for (var job : jobs) {
      var command =
          String.join(
              " ", job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
      assertThat(command)
          .as("the pod's command carries no setting values")
          .doesNotContain("--with");
    }
  }
}
