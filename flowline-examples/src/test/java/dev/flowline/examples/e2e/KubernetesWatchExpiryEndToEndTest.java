package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import dev.flowline.testkit.net.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's watches are away longer than the API server keeps their history: on a cluster that
 * serves watches from etcd and compacts it every 5 s ({@code flowline-cluster up --watch-history
 * 5}), the runtime's connection to the API server is cut and refused while its task's pod runs to
 * the end. Resuming from the old resource version then gets {@code 410 Gone}, the informers list
 * again, and the task's outcome arrives exactly once.
 */
class KubernetesWatchExpiryEndToEndTest {
  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      new TestClusterExtension(List.of(), List.of("--watch-history", "5"));

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

  /** Namespaced LIST requests of jobs and pods the API server answered so far. */
  private static long namespacedLists(TestNamespace ns) {
    String metrics = ns.client().raw(ns.client().getMasterUrl() + "metrics");
    long total = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("apiserver_request_total{")
          && line.contains("verb=\"LIST\"")
          && line.contains("scope=\"namespace\"")
          && (line.contains("resource=\"jobs\"") || line.contains("resource=\"pods\""))) {
        total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  @Test
  void aWatchAwayPastItsHistoryListsAgainAndTheOutcomeArrivesOnce(TestNamespace ns)
      throws Exception {
    String kubeconfig = Files.readString(ns.cluster().kubeconfig());
    var server = Pattern.compile("server: \"?https://127\\.0\\.0\\.1:(\\d+)").matcher(kubeconfig);
    assertThat(server.find()).as(kubeconfig).isTrue();
    try (var proxy = TcpProxy.start("127.0.0.1", Integer.parseInt(server.group(1)))) {
      Path proxied = work.resolve("through-proxy.kubeconfig");
      Files.writeString(
          proxied, kubeconfig.replace("127.0.0.1:" + server.group(1), "127.0.0.1:" + proxy.port()));
      var settings = new HashMap<>(runs.settings(ns));
      settings.put("KUBECONFIG", proxied.toString());
      var cli = new FlowlineCli(work);
      Process p =
          cli.start(
              settings,
              KubernetesRuns.flow("SleepyFlow", work),
              "run",
              "--with",
              "environment:vars=[\"SLEEPY_MILLIS=5000\"]");
      assertThat(KubernetesRuns.await(120, () -> cli.outSafe().contains("attempt 0 sleeps")))
          .as(cli.errSafe())
          .isTrue();
      proxy.refuseNew(true);
      assertThat(proxy.cutAll()).as("the watches were open").isPositive();
      // the pod ends meanwhile; etcd is compacted past the watches' resource versions
      assertThat(
              KubernetesRuns.await(
                  120,
                  () ->
                      ns.client().pods().list().getItems().stream()
                          .anyMatch(pod -> "Succeeded".equals(pod.getStatus().getPhase()))))
          .isTrue();
      Thread.sleep(15_000);
      long listsBefore = namespacedLists(ns);
      proxy.refuseNew(false);

      assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(cli.errSafe()).isTrue();
      String err = cli.errSafe();
      assertThat(p.exitValue()).as(cli.outSafe() + err).isZero();
      assertThat(err.split("/start/1\\] Task finished successfully", -1))
          .as("one outcome for the task: " + err)
          .hasSize(2);
      assertThat(cli.outSafe()).contains("start ended on attempt 0");
      assertThat(namespacedLists(ns) - listsBefore)
          .as("the informers listed the run's Jobs and pods again after 410 Gone")
          .isGreaterThanOrEqualTo(2);
    }
  }
}
