package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Task;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code AllReduceFlow} deployed to the real Argo Workflows controller on the test cluster with the
 * real JobSet controller: its gang of 4 is an Argo resource template that creates the gang's JobSet
 * (owned by the Workflow; the JobSet controller adds the headless Service), the 4 pods do the
 * all-reduce over TCP by the control pod's host name, the resource template succeeds with the
 * JobSet, and the join reads every node's task; a worker that exits non-zero fails the JobSet, so
 * the template, retried once as a whole new JobSet ({@code @Retry(times = 1)}), and the workflow.
 */
class ArgoParallelEndToEndTest {
  @RegisterExtension
  static final TestClusterExtension CLUSTER = new TestClusterExtension(List.of("argo", "jobset"));

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

  /**
   * Argo's executor permissions, and what a gang's resource template needs besides: its pod runs
   * {@code argoexec resource create}, which creates the JobSet and reads it until a condition
   * holds.
   */
  private static void roles(TestNamespace ns) {
    ArgoEndToEndTest.executorRole(ns);
    ArgoEndToEndTest.role(
        ns,
        "gangs",
        "default",
        List.of(ArgoEndToEndTest.rule("jobset.x-k8s.io", "jobsets", "create", "get")));
  }

  private static FlowlineCli.Result triggerAndWait(
      FlowlineCli cli, Map<String, String> settings, String flow, String... args) throws Exception {
    var all = new ArrayList<>(List.of(flow, "argo-workflows", "trigger", "--wait"));
    all.addAll(List.of(args));
    Process p = cli.start(settings, all.toArray(String[]::new));
    boolean ended = p.waitFor(15, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
      throw new AssertionError(
          "trigger --wait did not end in 15 minutes\n" + cli.outSafe() + "\n" + cli.errSafe());
    }
    return new FlowlineCli.Result(p.exitValue(), cli.outSafe(), cli.errSafe());
  }

  private static List<GenericKubernetesResource> jobSets(TestNamespace ns) {
    return ns.client().genericKubernetesResources(JOBSETS).list().getItems();
  }

  private static GenericKubernetesResource workflow(TestNamespace ns, String name) {
    return ns.client()
        .genericKubernetesResources("argoproj.io/v1alpha1", "Workflow")
        .inNamespace(ns.name())
        .withName(name)
        .get();
  }

  @SuppressWarnings("unchecked")
  private static String status(GenericKubernetesResource w, String field) {
    var status = (Map<String, Object>) w.getAdditionalProperties().get("status");
    return status == null ? null : String.valueOf(status.get(field));
  }

  /** The workflow's nodes (template, phase, message) and the namespace's events, for failures. */
  @SuppressWarnings("unchecked")
  private static String nodes(TestNamespace ns, String runId) {
    var w = workflow(ns, runId);
    var out = new StringBuilder("\n--- workflow nodes:\n");
    if (w != null && w.getAdditionalProperties().get("status") instanceof Map<?, ?> st) {
      var nodes = (Map<String, Map<String, Object>>) st.get("nodes");
      if (nodes != null) {
        nodes
            .values()
            .forEach(
                n ->
                    out.append(n.get("templateName"))
                        .append(' ')
                        .append(n.get("type"))
                        .append(' ')
                        .append(n.get("phase"))
                        .append(": ")
                        .append(n.get("message"))
                        .append('\n'));
      }
    }
    for (var pod : ns.client().pods().list().getItems()) {
      if (!pod.getMetadata().getName().contains("-allreduce-")) {
        continue;
      }
      var containers = new ArrayList<io.fabric8.kubernetes.api.model.Container>();
      containers.addAll(pod.getSpec().getInitContainers());
      containers.addAll(pod.getSpec().getContainers());
      for (var c : containers) {
        try {
          out.append("--- log of ")
              .append(pod.getMetadata().getName())
              .append('/')
              .append(c.getName())
              .append(":\n")
              .append(
                  ns.client()
                      .pods()
                      .withName(pod.getMetadata().getName())
                      .inContainer(c.getName())
                      .getLog())
              .append('\n');
        } catch (RuntimeException e) {
          out.append("(no log: ").append(e.getMessage()).append(")\n");
        }
      }
    }
    out.append("--- events:\n");
    ns.client()
        .v1()
        .events()
        .list()
        .getItems()
        .forEach(
            e ->
                out.append(e.getInvolvedObject().getKind())
                    .append('/')
                    .append(e.getInvolvedObject().getName())
                    .append(": ")
                    .append(e.getReason())
                    .append(' ')
                    .append(e.getMessage())
                    .append('\n'));
    return out.toString();
  }

  private static List<Task> nodes(dev.flowline.client.Run run) {
    return run.step("allReduce").tasks().stream().sorted(Comparator.comparing(Task::id)).toList();
  }

  @Test
  void theGangIsAJobSetCreatedByAResourceTemplateAndItsNodesAllReduceOverTcp(TestNamespace ns)
      throws Exception {
    roles(ns);
    Map<String, String> settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    var created = cli.run(settings, FLOW, "argo-workflows", "create");
    assertThat(created.code()).as(created.all()).isZero();

    var r = triggerAndWait(cli, settings, FLOW, "--run-id-file", "run-id");
    String runId = Files.readString(work.resolve("run-id")).trim();
    assertThat(r.code()).as(r.all() + nodes(ns, runId)).isZero();
    assertThat(status(workflow(ns, runId), "phase")).isEqualTo("Succeeded");
    assertThat(r.out()).contains("all-reduce of 4 nodes: total " + TOTAL);

    // one JobSet, owned by the Workflow; its headless Service made and owned by the JobSet
    var jobSets = jobSets(ns);
    assertThat(jobSets).hasSize(1);
    var jobSet = jobSets.get(0);
    String name = jobSet.getMetadata().getName();
    assertThat(name).endsWith("-0").startsWith("allreduceflow-allreduce-");
    assertThat(jobSet.getMetadata().getOwnerReferences())
        .extracting(o -> o.getKind() + "/" + o.getName())
        .containsExactly("Workflow/" + runId);
    assertThat(ns.client().services().withName(name).get().getMetadata().getOwnerReferences())
        .extracting(o -> o.getKind() + "/" + o.getName())
        .containsExactly("JobSet/" + name);
    assertThat(status(jobSet, "terminalState")).isEqualTo("Completed");

    try (FlowlineClient client = runs.client(settings, work)) {
      var run = client.flow("AllReduceFlow").run(runId);
      assertThat(run.successful()).isTrue();
      List<Task> nodes = nodes(run);
      assertThat(nodes).extracting(Task::id).containsExactly("t-0", "t-1", "t-2", "t-3");
      java.time.Instant ready = run.step("start").task().finishedAt().orElseThrow();
      java.time.Instant first = java.time.Instant.MAX;
      java.time.Instant last = java.time.Instant.MIN;
      for (int i = 0; i < 4; i++) {
        Task node = nodes.get(i);
        var started = node.attempts().get(0).startedAt();
        first = first.isBefore(started) ? first : started;
        last = last.isAfter(started) ? last : started;
        assertThat(node.successful()).isTrue();
        assertThat(node.artifact("nodeIndex", Integer.class)).isEqualTo(i);
        assertThat(node.artifact("total", Long.class)).isEqualTo(TOTAL);
        assertThat(node.artifact("partial", Long.class)).isPositive();
        assertThat(node.stdout()).isEqualTo("node " + i + " of 4: total " + TOTAL + "\n");
      }
      System.out.println(
          "gang of 4 through Argo on the test cluster: first node running "
              + java.time.Duration.between(ready, first).toMillis()
              + " ms, all 4 running "
              + java.time.Duration.between(ready, last).toMillis()
              + " ms after start ended");
      var join = run.step("join").task();
      assertThat(join.artifact("total", Long.class)).isEqualTo(TOTAL);
      @SuppressWarnings("unchecked")
      List<Number> partials = join.artifact("partials", List.class);
      assertThat(partials.stream().mapToLong(Number::longValue).sum()).isEqualTo(TOTAL);
    }

    // deleting the run's Workflow deletes its JobSet (owner reference), pods and Service
    ns.client()
        .genericKubernetesResources("argoproj.io/v1alpha1", "Workflow")
        .inNamespace(ns.name())
        .withName(runId)
        .delete();
    assertThat(
            KubernetesRuns.await(
                180,
                () -> jobSets(ns).isEmpty() && ns.client().services().withName(name).get() == null))
        .as("the JobSet and its Service are deleted with the Workflow")
        .isTrue();
  }

  /**
   * A gang whose nodes can never be scheduled: the run's pending watchdog follows the JobSet's pods
   * too (by the run's label) and fails them at their pending timeout, which fails the JobSet, the
   * gang's task and the run, instead of a run that waits for ever.
   */
  @Test
  void aGangWhoseNodesCannotBeScheduledFailsAtItsPendingTimeout(TestNamespace ns) throws Exception {
    roles(ns);
    Map<String, String> settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    String file = ArgoEndToEndTest.flow("StuckGangArgoFlow", work);
    var created = cli.run(settings, file, "argo-workflows", "create");
    assertThat(created.code()).as(created.all()).isZero();
    var r = triggerAndWait(cli, settings, file, "--run-id-file", "run-id");
    String runId = Files.readString(work.resolve("run-id")).trim();
    assertThat(r.code()).as(r.all() + nodes(ns, runId)).isEqualTo(1);
    assertThat(r.err())
        .contains("[pending-watchdog] flowline: pod ")
        .contains("(step train, task t-0, attempt 0) failed: flowline: no node can take the pod")
        .contains("longer than the pending timeout of 20 s");
    var nodePods = ns.client().pods().withLabel("jobset.sigs.k8s.io/jobset-name").list().getItems();
    assertThat(nodePods)
        .as("the gang's pods")
        .isNotEmpty()
        .allSatisfy(pod -> assertThat(pod.getStatus().getPhase()).isEqualTo("Failed"));
    assertThat(status(jobSets(ns).get(0), "terminalState")).isEqualTo("Failed");
    assertThat(KubernetesRuns.await(60, () -> KubernetesRuns.unfinishedPods(ns).isEmpty()))
        .as("pods left running: %s", KubernetesRuns.unfinishedPods(ns))
        .isTrue();
  }

  @Test
  void aWorkerThatExitsNonZeroFailsTheJobSetTheRetriedGangAndTheWorkflow(TestNamespace ns)
      throws Exception {
    roles(ns);
    Map<String, String> settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    var created =
        cli.run(
            settings,
            FLOW,
            "argo-workflows",
            "create",
            "--with",
            "environment:vars=[\"ALLREDUCE_FAIL_NODE=2\"]");
    assertThat(created.code()).as(created.all()).isZero();

    var r = triggerAndWait(cli, settings, FLOW, "--run-id-file", "run-id");
    String runId = Files.readString(work.resolve("run-id")).trim();
    assertThat(r.code()).as(r.all() + nodes(ns, runId)).isEqualTo(1);
    var w = workflow(ns, runId);
    assertThat(status(w, "phase")).as(nodes(ns, runId)).isEqualTo("Failed");

    // @Retry(times = 1): two attempts of the whole gang, two JobSets, both Failed
    var jobSets = jobSets(ns);
    assertThat(jobSets)
        .extracting(j -> j.getMetadata().getName().replaceAll(".*-", ""))
        .containsExactlyInAnyOrder("0", "1");
    assertThat(jobSets).allSatisfy(j -> assertThat(status(j, "terminalState")).isEqualTo("Failed"));
    // each attempt of the gang's template failed with the JobSet's failure condition, as its
    // argoexec says (the node's message is "main: Error (exit code 64)" here: the test cluster has
    // no termination messages, through which argoexec reports it on a real cluster)
    @SuppressWarnings("unchecked")
    var nodes =
        (Map<String, Map<String, Object>>)
            ((Map<String, Object>) w.getAdditionalProperties().get("status")).get("nodes");
    assertThat(nodes.values())
        .filteredOn(n -> "allreduce".equals(n.get("templateName")) && "Pod".equals(n.get("type")))
        .hasSize(2)
        .allSatisfy(n -> assertThat(n.get("phase")).isEqualTo("Failed"));
    var resourcePods =
        ns
            .client()
            .pods()
            .withLabel("workflows.argoproj.io/workflow", runId)
            .list()
            .getItems()
            .stream()
            .filter(p -> p.getMetadata().getName().contains("-allreduce-"))
            .toList();
    assertThat(resourcePods).hasSize(2);
    for (var pod : resourcePods) {
      assertThat(
              ns.client().pods().withName(pod.getMetadata().getName()).inContainer("main").getLog())
          .containsPattern("failure condition '[^']*status.terminalState[^']*' evaluated true");
    }
    assertThat(KubernetesRuns.await(120, () -> KubernetesRuns.unfinishedPods(ns).isEmpty()))
        .as("pods left running: %s", KubernetesRuns.unfinishedPods(ns))
        .isTrue();

    try (FlowlineClient client = runs.client(settings, work)) {
      var run = client.flow("AllReduceFlow").run(runId);
      assertThat(run.finished()).as("the exit hook recorded the end").isTrue();
      assertThat(run.successful()).isFalse();
    }
  }
}
