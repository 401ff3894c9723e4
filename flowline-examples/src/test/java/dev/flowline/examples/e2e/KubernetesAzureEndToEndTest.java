package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Run;
import dev.flowline.config.Config;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import dev.flowline.testkit.emulator.AzuriteLauncher;
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
 * Kubernetes steps with Azure Blob Storage (Azurite) as the datastore: the code package goes up to
 * the container and is fetched by the pods through SAS URLs, the pods read their inputs and write
 * their artifacts with the connection string from a Secret, and the run is read back.
 */
@ExtendWith(TestClusterExtension.class)
class KubernetesAzureEndToEndTest {
  private static AzuriteLauncher azurite;

  @TempDir Path work;

  @BeforeAll
  static void startAzurite() throws Exception {
    azurite = AzuriteLauncher.start();
    new com.azure.storage.blob.BlobServiceClientBuilder()
        .connectionString(azurite.connectionString())
        .buildClient()
        .createBlobContainer("flowline");
  }

  @AfterAll
  static void stopAzurite() {
    if (azurite != null) {
      azurite.close();
    }
  }

  private static Map<String, String> settings(TestNamespace ns) {
    ns.client()
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("azure-credentials")
                .endMetadata()
                .addToStringData("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString())
                .build())
        .create();
    var env = new HashMap<String, String>();
    env.put("METAFLOW_DEFAULT_DATASTORE", "azure");
    env.put("METAFLOW_DATASTORE_SYSROOT_AZURE", "flowline/k8s");
    env.put("AZURE_STORAGE_CONNECTION_STRING", azurite.connectionString());
    env.put("KUBECONFIG", ns.cluster().kubeconfig().toString());
    env.put("METAFLOW_KUBERNETES_NAMESPACE", ns.name());
    env.put("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "eclipse-temurin:17-jre");
    env.put("METAFLOW_KUBERNETES_SECRETS", "azure-credentials");
    env.put("METAFLOW_KUBERNETES_CPU", "0.5");
    env.put("METAFLOW_KUBERNETES_MEMORY", "1024");
    return env;
  }

  @Test
  void aForeachOnKubernetesWithAnAzureDatastore(TestNamespace ns) throws Exception {
    var settings = settings(ns);
    var cli = new FlowlineCli(work);
    var r = cli.run(settings, KubernetesRuns.flow("MixedFlow", work), "run");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out())
        .contains("squares [1, 4, 9] trained on [kubernetes, kubernetes, kubernetes] joined local");
    assertThat(r.all()).doesNotContain(AzuriteLauncher.ACCOUNT_KEY);
    assertThat(ns.client().batch().v1().jobs().list().getItems()).hasSize(3);

    var env = new HashMap<>(settings);
    env.put("METAFLOW_HOME", work.resolve("home").toString());
    env.put("METAFLOW_USER", "tester");
    try (FlowlineClient client = FlowlineClient.open(Config.load(env, work), "azure")) {
      Run run = client.flow("MixedFlow").latestRun().orElseThrow();
      assertThat(run.successful()).isTrue();
      assertThat(run.systemTags()).contains("runtime:kubernetes");
      assertThat(run.step("train").tasks())
          .hasSize(3)
          .allSatisfy(t -> assertThat(t.stdout()).contains("in pod mixedflow-train-"))
          .allSatisfy(
              t -> assertThat(t.attempts().get(0).info()).containsEntry("executor", "kubernetes"));
      assertThat(run.data().get("squares")).isEqualTo(java.util.List.of(1, 4, 9));
    }
  }
}
