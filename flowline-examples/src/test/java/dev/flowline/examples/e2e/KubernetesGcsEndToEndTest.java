package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.StorageOptions;
import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Run;
import dev.flowline.config.Config;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes steps with Cloud Storage as the datastore, served by fake-gcs-server (built from its
 * Go module, started beside the test cluster): the store talks to it through {@code
 * STORAGE_EMULATOR_HOST}, the runtime uploads the code package and signs its read URLs, the pods
 * fetch it and read and write their artifacts there, and the run is read back.
 */
class KubernetesGcsEndToEndTest {
  @RegisterExtension
  static final TestClusterExtension CLUSTER = new TestClusterExtension(List.of("gcs"));

  @TempDir Path work;

  private static String emulatorHost(TestNamespace ns) throws Exception {
    return "127.0.0.1:" + Files.readString(ns.cluster().dir().resolve("gcs.port")).trim();
  }

  private static Map<String, String> settings(TestNamespace ns) throws Exception {
    String host = emulatorHost(ns);
    var storage =
        StorageOptions.http()
            .setHost("http://" + host)
            .setProjectId("flowline-emulator")
            .setCredentials(NoCredentials.getInstance())
            .build()
            .getService();
    if (storage.get("flowline") == null) {
      storage.create(BucketInfo.of("flowline"));
    }
    ns.client()
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("gcs-emulator")
                .endMetadata()
                .addToStringData("STORAGE_EMULATOR_HOST", host)
                .build())
        .create();
    var env = new HashMap<String, String>();
    env.put("METAFLOW_DEFAULT_DATASTORE", "gs");
    env.put("METAFLOW_DATASTORE_SYSROOT_GS", "gs://flowline/k8s");
    env.put("STORAGE_EMULATOR_HOST", host);
    env.put("KUBECONFIG", ns.cluster().kubeconfig().toString());
    env.put("METAFLOW_KUBERNETES_NAMESPACE", ns.name());
    env.put("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "eclipse-temurin:17-jre");
    env.put("METAFLOW_KUBERNETES_SECRETS", "gcs-emulator");
    env.put("METAFLOW_KUBERNETES_CPU", "0.5");
    env.put("METAFLOW_KUBERNETES_MEMORY", "1024");
    return env;
  }

  @Test
  void aForeachOnKubernetesWithACloudStorageDatastore(TestNamespace ns) throws Exception {
    var settings = settings(ns);
    var cli = new FlowlineCli(work);
    var r = cli.run(settings, KubernetesRuns.flow("MixedFlow", work), "run");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out())
        .contains("squares [1, 4, 9] trained on [kubernetes, kubernetes, kubernetes] joined local");
    assertThat(ns.client().batch().v1().jobs().list().getItems()).hasSize(3);

    var env = new HashMap<>(settings);
    env.put("METAFLOW_HOME", work.resolve("home").toString());
    env.put("METAFLOW_USER", "tester");
    try (FlowlineClient client = FlowlineClient.open(Config.load(env, work), "gs")) {
      Run run = client.flow("MixedFlow").latestRun().orElseThrow();
      assertThat(run.successful()).isTrue();
      assertThat(run.step("train").tasks())
          .hasSize(3)
          .allSatisfy(t -> assertThat(t.stdout()).contains("in pod mixedflow-train-"));
      assertThat(run.data().get("squares")).isEqualTo(List.of(1, 4, 9));
    }
  }
}
