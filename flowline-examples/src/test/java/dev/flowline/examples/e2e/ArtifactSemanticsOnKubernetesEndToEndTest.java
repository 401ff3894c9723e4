package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The artifact rule holds the same when every step is a pod: flows of {@link
 * ArtifactSemanticsEndToEndTest} run with {@code --with kubernetes} on the test cluster (S3Mock as
 * the datastore), printing what they print locally. The pods load the flow through the task class
 * loader as local tasks do, so assignments, joins, merges, {@code @Catch} and retries behave alike.
 */
@ExtendWith(TestClusterExtension.class)
class ArtifactSemanticsOnKubernetesEndToEndTest {
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

  private String flow(String name) throws Exception {
    String file = name + ".java";
    try (InputStream in = getClass().getResourceAsStream("/flows/artifacts/" + file)) {
      Files.copy(in, work.resolve(file));
    }
    return file;
  }

  @Test
  void aConditionalAssignmentThatDoesNotRunKeepsTheEarlierValueInPodsToo(TestNamespace ns)
      throws Exception {
    var settings = runs.settings(ns);
    var r =
        new FlowlineCli(work)
            .run(settings, flow("ConditionalWritesFlow"), "run", "--with", "kubernetes");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains(ArtifactSemanticsEndToEndTest.CONDITIONAL_KEPT);
    try (FlowlineClient client = runs.client(settings, work)) {
      var run = client.flow("ConditionalWritesFlow").latestRun().orElseThrow();
      assertThat(run.step("middle").task().artifact("big", Long.class)).isEqualTo(7_000_000_000L);
      assertThat(run.systemTags()).contains("runtime:kubernetes");
    }
  }

  @Test
  void catchAndRetryAndMergesBehaveInPodsAsLocally(TestNamespace ns) throws Exception {
    var settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    var caught = cli.run(settings, flow("CatchRetryFlow"), "run", "--with", "kubernetes");
    assertThat(caught.code()).as(caught.all()).isZero();
    assertThat(caught.out()).contains(ArtifactSemanticsEndToEndTest.CATCH_RETRY);
    var merged = cli.run(settings, flow("MergeFlow"), "run", "--with", "kubernetes");
    assertThat(merged.code()).as(merged.all()).isZero();
    assertThat(merged.out()).contains(ArtifactSemanticsEndToEndTest.MERGED);
  }
}
