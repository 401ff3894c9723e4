package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gang on a cluster without the JobSet controller (the test cluster without {@code --with
 * jobset}): the run stops before anything is submitted (exit 2) with what is missing and what to
 * do.
 */
@ExtendWith(TestClusterExtension.class)
class KubernetesGangWithoutJobSetEndToEndTest {
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
  void aGangStopsTheRunBeforeAnythingIsSubmittedNamingTheMissingApiAndTheFix(TestNamespace ns)
      throws Exception {
    var cli = new FlowlineCli(work);
    var r =
        cli.run(
            runs.settings(ns),
            "dev.flowline.examples.AllReduceFlow",
            "run",
            "--with",
            "kubernetes");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains("problem on the cluster (found before anything was submitted)")
        .contains(
            "step 'allReduce' (@Parallel): the cluster does not serve the JobSet API"
                + " jobset.x-k8s.io/v1alpha2, and a gang on Kubernetes runs as a JobSet; install the"
                + " JobSet controller")
        .contains("remove @Kubernetes from allReduce()")
        .contains("Nothing was run.");
    assertThat(ns.client().batch().v1().jobs().list().getItems()).isEmpty();
    assertThat(ns.client().services().list().getItems()).isEmpty();
    assertThat(KubernetesRuns.unfinishedPods(ns)).isEmpty();
  }
}
