package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Run;
import dev.flowline.client.Task;
import dev.flowline.metadata.AttemptRecord;
import dev.flowline.metadata.AttemptStatus;
import dev.flowline.metadata.ExceptionSummary;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code AllReduceFlow} with every step on Kubernetes ({@code --with kubernetes}) on the test
 * cluster with the real JobSet controller and the node agent's pod network: its gang of 4 runs as
 * one JobSet (a control and an Indexed worker Job) plus a headless Service, the nodes find the
 * control node by its stable host name and do the real all-reduce over TCP; a worker that exits
 * non-zero fails the gang, {@code @Retry} runs the whole gang again as a new JobSet, and no pod of
 * the gang is left running.
 */
class KubernetesParallelEndToEndTest {
  @RegisterExtension
  static final TestClusterExtension CLUSTER = new TestClusterExtension(List.of("jobset"));

  private static final String FLOW = "dev.flowline.examples.AllReduceFlow";
  private static final long TOTAL = 500500;
  private static final ResourceDefinitionContext JOBSETS =
      new ResourceDefinitionContext.Builder()
          .withGroup("jobset.x-k8s.io")
          .withVersion("v1alpha2")
          .withPlural("jobsets")
          .withKind("JobSet")
          .withNamespaced(true)
          .build();

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

  private static List<Task> nodes(Run run) {
    return run.step("allReduce").tasks().stream()
        .sorted(Comparator.comparingLong(t -> Long.parseLong(t.id())))
        .toList();
  }

  private static List<GenericKubernetesResource> jobSets(TestNamespace ns) {
    return ns.client().genericKubernetesResources(JOBSETS).list().getItems();
  }

  @Test
  void fourPodsOfOneJobSetAllReduceOverTcpByTheirStableHostNames(TestNamespace ns)
      throws Exception {
    var settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    var r = cli.run(settings, FLOW, "run", "--with", "kubernetes");
    assertThat(r.code()).as(r.all()).isZero();
    String id = KubernetesRuns.runId(r);
    assertThat(r.err()).contains("(4 nodes) and its Service created; waiting for its pods.");
    for (int i = 0; i < 4; i++) {
      // every node's output with its own [run/step/task] prefix, streamed from its pod
      assertThat(r.out())
          .contains("[" + id + "/allReduce/" + (2 + i) + "] node " + i + " of 4: total " + TOTAL);
    }
    assertThat(r.out()).contains("all-reduce of 4 nodes: total " + TOTAL);

    var jobSets = jobSets(ns);
    assertThat(jobSets).hasSize(1);
    String name = jobSets.get(0).getMetadata().getName();
    assertThat(ns.client().batch().v1().jobs().list().getItems())
        .extracting(j -> j.getMetadata().getName())
        .contains(name + "-control-0", name + "-worker-0");
    assertThat(ns.client().services().withName(name).get().getMetadata().getOwnerReferences())
        .extracting(o -> o.getKind() + "/" + o.getName())
        .containsExactly("JobSet/" + name);

    try (FlowlineClient client = runs.client(settings, work)) {
      Run run = client.flow("AllReduceFlow").run(id);
      assertThat(run.successful()).isTrue();
      List<Task> nodes = nodes(run);
      assertThat(nodes).extracting(Task::id).containsExactly("2", "3", "4", "5");
      Instant ready = run.step("start").task().finishedAt().orElseThrow();
      Instant first = Instant.MAX;
      Instant last = Instant.MIN;
      for (int i = 0; i < 4; i++) {
        Task node = nodes.get(i);
        assertThat(node.successful()).isTrue();
        assertThat(node.artifact("nodeIndex", Integer.class)).isEqualTo(i);
        assertThat(node.artifact("total", Long.class)).isEqualTo(TOTAL);
        assertThat(node.artifact("controlPort", Integer.class)).isEqualTo(29500);
        assertThat(node.stdout()).isEqualTo("node " + i + " of 4: total " + TOTAL + "\n");
        AttemptRecord attempt = node.attempts().get(0);
        assertThat(attempt.info())
            .containsEntry("executor", "kubernetes")
            .containsEntry("kubernetes-pod-namespace", ns.name())
            .containsKey("kubernetes-pod-name");
        assertThat(attempt.info().get("kubernetes-pod-name"))
            .startsWith(name + (i == 0 ? "-control-0-0-" : "-worker-0-" + (i - 1) + "-"));
        first = first.isBefore(attempt.startedAt()) ? first : attempt.startedAt();
        last = last.isAfter(attempt.startedAt()) ? last : attempt.startedAt();
      }
      assertThat(run.step("join").task().artifact("total", Long.class)).isEqualTo(TOTAL);
      System.out.println(
          "gang of 4 on the test cluster: first node running "
              + Duration.between(ready, first).toMillis()
              + " ms, all 4 running "
              + Duration.between(ready, last).toMillis()
              + " ms after start ended");
    }
    // The node agent stops updating every pod's /etc/hosts once a headless Service's
    // EndpointSlice has no endpoints ("endpoints": null, as this finished gang's is): delete the
    // finished gang so that the next test's gang can resolve its host names.
    ns.client().genericKubernetesResources(JOBSETS).withName(name).delete();
    ns.client().services().withName(name).delete();
  }

  @Test
  void aWorkerThatExitsNonZeroFailsTheGangAndNoPodIsLeftRunning(TestNamespace ns) throws Exception {
    var settings = new java.util.HashMap<>(runs.settings(ns));
    // delete, not stop: a stopped gang's Service stays with no endpoints, and the node agent then
    // stops updating /etc/hosts (see above), so the retried gang could not resolve its names
    settings.put("METAFLOW_KUBERNETES_JOB_TERMINATE_MODE", "delete");
    var cli = new FlowlineCli(work);
    // two attempts of the gang (@Retry(times = 1)), each 4 pods: longer than cli.run's 3 minutes
    Process p =
        cli.start(
            settings,
            FLOW,
            "run",
            "--with",
            "kubernetes",
            "--with",
            "environment:vars=[\"ALLREDUCE_FAIL_NODE=2\"]");
    boolean ended = p.waitFor(8, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended).as(cli.outSafe() + cli.errSafe()).isTrue();
    var r = new FlowlineCli.Result(p.exitValue(), cli.out(), cli.err());
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    String id = KubernetesRuns.runId(r);
    assertThat(r.out())
        .as(r.all())
        .contains("[" + id + "/allReduce/4] node 2 exits with code 3 on purpose");
    assertThat(r.err())
        .as(r.all())
        .contains(
            "["
                + id
                + "/allReduce/4] Node 2 of the gang of 4 crashed (exit code 3); stopping the"
                + " other nodes.")
        .contains(
            "Gang node 2 of 4 crashed (exit code 3); the whole gang runs again, retry 1 of 1.")
        .contains(
            "Step 'allReduce' (task AllReduceFlow/"
                + id
                + "/allReduce/4) failed as a gang: node 2 of 4 crashed (exit code 3).");
    assertThat(KubernetesRuns.unfinishedPods(ns)).as("pods left running").isEmpty();
    // each attempt's JobSet and Service were deleted (METAFLOW_KUBERNETES_JOB_TERMINATE_MODE)
    assertThat(jobSets(ns)).isEmpty();
    assertThat(ns.client().services().list().getItems()).isEmpty();

    try (FlowlineClient client = runs.client(settings, work)) {
      List<Task> nodes = nodes(client.flow("AllReduceFlow").run(id));
      assertThat(nodes).hasSize(4);
      for (Task node : nodes) {
        assertThat(node.attempts())
            .extracting(AttemptRecord::status)
            .containsExactly(AttemptStatus.FAILED, AttemptStatus.FAILED);
        if (!node.id().equals("4")) {
          assertThat(node.exception().map(ExceptionSummary::message).orElse(""))
              .isEqualTo(
                  "stopped: node 2 of its gang of 4 (AllReduceFlow/"
                      + id
                      + "/allReduce/4) crashed (exit code 3)");
        }
      }
    }
  }

  @Test
  void aControlNodeThatDiesMidRunFailsTheGang(TestNamespace ns) throws Exception {
    var settings = new java.util.HashMap<>(runs.settings(ns));
    settings.put("METAFLOW_KUBERNETES_JOB_TERMINATE_MODE", "delete");
    var cli = new FlowlineCli(work);
    Process p =
        cli.start(
            settings,
            FLOW,
            "run",
            "--with",
            "kubernetes",
            "--with",
            "environment:vars=[\"ALLREDUCE_KILL_CONTROL=1\"]");
    boolean ended = p.waitFor(8, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended).as(cli.outSafe() + cli.errSafe()).isTrue();
    var r = new FlowlineCli.Result(p.exitValue(), cli.out(), cli.err());
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    String id = KubernetesRuns.runId(r);
    assertThat(r.all())
        .contains("[" + id + "/allReduce/2] the control node dies on purpose")
        .contains("Step 'allReduce' (task AllReduceFlow/" + id + "/allReduce/")
        .contains(") failed as a gang: node ");
    assertThat(KubernetesRuns.unfinishedPods(ns)).as("pods left running").isEmpty();
    try (FlowlineClient client = runs.client(settings, work)) {
      List<Task> nodes = nodes(client.flow("AllReduceFlow").run(id));
      // the gang ran twice (@Retry(times = 1)); each time the control node died
      assertThat(nodes).hasSize(4).noneMatch(Task::successful);
      assertThat(nodes).allSatisfy(n -> assertThat(n.attempts()).hasSize(2));
    }
  }
}
