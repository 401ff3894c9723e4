package dev.flowline.kubernetes.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.config.Problem;
import dev.flowline.kubernetes.TestSteps;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the preflight says without a cluster to talk to. */
class ClusterPreflightOfflineTest {
  @TempDir Path tmp;

  @Test
  void anUnreachableServerIsOneProblemAndEndsTheChecks() {
    var steps =
        TestSteps.in(tmp, "ml").step("start", "secrets", List.of("db")).step("end").settings();
    var config =
        new ConfigBuilder()
            .withMasterUrl("https://127.0.0.1:1")
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(2000)
            .build();
    try (var client = new KubernetesClientBuilder().withConfig(config).build()) {
      var preflight = new ClusterPreflight(client);

      var report = preflight.inspect(steps);

      assertThat(report.problems())
          .extracting(Problem::subject, Problem::shownValue)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "steps 'start', 'end': cluster", "https://127.0.0.1:1/"));
      assertThat(report.problems().get(0).message())
          .contains("cannot be reached: ")
          .endsWith(
              ". Use e.g. check the server and credentials of the kubeconfig (KUBECONFIG,"
                  + " --context): kubectl get namespaces shows whether they work.");
      assertThat(report.notes()).isEmpty();
      assertThat(preflight.requests()).isEqualTo(1);
    }
  }
}
