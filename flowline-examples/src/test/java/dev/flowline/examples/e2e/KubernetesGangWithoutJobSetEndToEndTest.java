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
 * jobset}): the run fails with what is missing and what to do, and leaves no Service behind.
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
  void aGangFailsNamingTheMissingJobSetApiAndTheFix(TestNamespace ns) throws Exception {
    var cli = new FlowlineCli(work);
    var r =
        cli.run(
            runs.settings(ns),
            "dev.flowline.examples.AllReduceFlow",
            "run",
            "--with",
            "kubernetes");
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "the cluster does not serve the JobSet API jobset.x-k8s.io/v1alpha2 (HTTP 404); a"
                + " @Parallel step on Kubernetes needs the JobSet controller")
        .contains("remove @Kubernetes from the step");
    assertThat(ns.client().services().list().getItems()).isEmpty();
    assertThat(KubernetesRuns.unfinishedPods(ns)).isEmpty();
  }
}
