package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parameters of every kind through a deployment on the real Argo controller: those given to {@code
 * trigger} and those left to the deployment's defaults (a record, a list and a map among them,
 * which the WorkflowTemplate holds as JSON) reach the flow with their types and values; an
 * ill-typed value is refused before anything starts.
 */
class ArgoParametersEndToEndTest {
  @RegisterExtension
  static final TestClusterExtension CLUSTER = new TestClusterExtension(List.of("argo"));

  private static KubernetesRuns runs;

  @TempDir static Path servers;
  @TempDir Path work;

  @BeforeAll
  static void startS3() throws Exception {
    runs = KubernetesRuns.start(servers.resolve("s3"));
  }

  @AfterAll
  static void stopS3() {
    if (runs != null) {
      runs.close();
    }
  }

  @Test
  void givenAndDefaultParametersOfEveryKindReachTheRun(TestNamespace ns) throws Exception {
    ArgoEndToEndTest.executorRole(ns);
    Map<String, String> settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    String flow = ArgoEndToEndTest.flow("ArgoParametersFlow", work);
    var created = cli.run(settings, flow, "argo-workflows", "create");
    assertThat(created.code()).as(created.all()).isZero();

    var bad =
        cli.run(settings, flow, "argo-workflows", "trigger", "--dataset", "d", "--epochs", "x");
    assertThat(bad.code()).as(bad.all()).isEqualTo(2);
    assertThat(bad.err()).contains("--epochs").contains("Nothing was started.");

    Process p =
        cli.start(
            settings,
            flow,
            "argo-workflows",
            "trigger",
            "--dataset",
            "sales 2026",
            "--epochs",
            "7",
            "--loud",
            "--mode",
            "careful",
            "--tables",
            "[\"a\",\"b\",\"c\"]",
            "--run-id-file",
            "run-id",
            "--wait");
    boolean ended = p.waitFor(10, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    String all = "--- out:\n" + cli.outSafe() + "\n--- err:\n" + cli.errSafe();
    assertThat(ended).as("trigger --wait ended within 10 minutes\n" + all).isTrue();
    assertThat(p.exitValue()).as(all).isZero();
    String expected =
        "dataset=sales 2026 epochs=7 seed=42 ratio=0.2 loud=true mode=CAREFUL"
            + " config=Config[learningRate=0.01, layers=[16]] tables=[a, b, c] limits={sales=10}";
    assertThat(cli.outSafe()).as(all).contains("parameters " + expected);

    String runId = Files.readString(work.resolve("run-id")).trim();
    try (FlowlineClient client = runs.client(settings, work)) {
      var run = client.flow("ArgoParametersFlow").run(runId);
      assertThat(run.successful()).isTrue();
      assertThat(run.data().get("summary")).isEqualTo(expected);
      assertThat(run.data().get("epochs")).isEqualTo(7);
      assertThat(run.data().get("seed")).isEqualTo(42L);
      assertThat(run.data().get("ratio")).isEqualTo(0.2);
      assertThat(run.data().get("loud")).isEqualTo(true);
      assertThat(run.data().get("tables")).isEqualTo(List.of("a", "b", "c"));
      assertThat(run.data().get("limits")).isEqualTo(Map.of("sales", 10));
    }
  }
}
