package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Task;
import dev.flowline.kubernetes.preflight.ClusterPreflight;
import dev.flowline.metadata.AttemptRecord;
import dev.flowline.metadata.AttemptStatus;
import dev.flowline.metadata.ExceptionSummary;
import dev.flowline.testkit.cluster.TestAccounts;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a gang on Kubernetes ends when it cannot go on: workers that never resolve the control node's
 * host name fail after {@code hostnameResolutionTimeout} with a message that says why (the node
 * agent's fault {@code testkit.flowline.dev/fault-dns: isolated} keeps every pod's {@code
 * /etc/hosts} free of the other pods' names), and a run stopped with SIGINT or SIGTERM while its
 * gang runs ends the JobSet per {@code METAFLOW_KUBERNETES_JOB_TERMINATE_MODE} ({@code stop}:
 * suspended, its pods gone; {@code delete}: JobSet, pods and Service gone); {@code resume} then
 * runs the whole gang again and completes. An account that may not create JobSets is told so by the
 * preflight of {@code run} and of {@code kubernetes preflight}, before anything is submitted.
 */
class KubernetesGangStopEndToEndTest {
  @RegisterExtension
  static final TestClusterExtension CLUSTER = new TestClusterExtension(List.of("jobset"));

  private static final String FLOW = "dev.flowline.examples.AllReduceFlow";
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

  private static List<GenericKubernetesResource> jobSets(TestNamespace ns) {
    return ns.client().genericKubernetesResources(JOBSETS).list().getItems();
  }

  @SuppressWarnings("unchecked")
  private static Object suspended(GenericKubernetesResource jobSet) {
    return ((Map<String, Object>) jobSet.getAdditionalProperties().get("spec")).get("suspend");
  }

  private static FlowlineCli.Result await(FlowlineCli cli, Process p) throws Exception {
    boolean ended = p.waitFor(8, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended).as(cli.outSafe() + cli.errSafe()).isTrue();
    return new FlowlineCli.Result(p.exitValue(), cli.out(), cli.err());
  }

  @Test
  void workersThatNeverResolveTheControlHostFailAfterTheTimeoutNamingItAndTheFix(TestNamespace ns)
      throws Exception {
    Map<String, String> settings = new HashMap<>(runs.settings(ns));
    // every pod's /etc/hosts gets its own records only: a worker never learns the control's name
    settings.put("METAFLOW_KUBERNETES_ANNOTATIONS", "testkit.flowline.dev/fault-dns=isolated");
    var cli = new FlowlineCli(work);
    Process p =
        cli.start(settings, FLOW, "run", "--with", "kubernetes:hostnameResolutionTimeout=5");
    var r = await(cli, p);

    assertThat(r.code()).as(r.all()).isEqualTo(1);
    String id = KubernetesRuns.runId(r);
    assertThat(r.all())
        .containsPattern(
            "node [123] of 4: the control node's host name '[a-z0-9-]+-control-0-0\\.[a-z0-9-]+'"
                + " did not resolve within 5 s \\(hostnameResolutionTimeout\\) \\(.+\\); check"
                + " that the control pod started and that the gang's headless Service exists, or"
                + " raise @Kubernetes\\(hostnameResolutionTimeout\\)")
        .contains("the whole gang runs again, retry 1 of 1.")
        .contains("Step 'allReduce' (task AllReduceFlow/" + id + "/allReduce/")
        .contains(") failed as a gang: node ");
    // terminate mode stop (the default): each attempt's JobSet is suspended, its pods are gone
    assertThat(KubernetesRuns.await(60, () -> KubernetesRuns.unfinishedPods(ns).isEmpty()))
        .as("pods left running: %s", KubernetesRuns.unfinishedPods(ns))
        .isTrue();
    var jobSets = jobSets(ns);
    assertThat(jobSets).hasSize(2).allSatisfy(js -> assertThat(suspended(js)).isEqualTo(true));

    try (FlowlineClient client = runs.client(settings, work)) {
      List<Task> nodes =
          client.flow("AllReduceFlow").run(id).step("allReduce").tasks().stream()
              .sorted(Comparator.comparingLong(t -> Long.parseLong(t.id())))
              .toList();
      assertThat(nodes).hasSize(4);
      for (Task node : nodes) {
        assertThat(node.attempts())
            .extracting(AttemptRecord::status)
            .containsExactly(AttemptStatus.FAILED, AttemptStatus.FAILED);
      }
      // some worker failed on its own with the timeout's message (the others may be stopped)
      assertThat(nodes.subList(1, 4))
          .anySatisfy(
              w ->
                  assertThat(w.exception().map(ExceptionSummary::message).orElse(""))
                      .contains("did not resolve within 5 s (hostnameResolutionTimeout)"));
    }
  }

  @Test
  void anAccountThatMayNotCreateJobSetsIsToldBeforeAnythingIsSubmitted(TestNamespace ns)
      throws Exception {
    // every verb Flowline uses, but create on jobsets
    List<PolicyRule> rules = new ArrayList<>(ClusterPreflight.requiredRules());
    rules.add(
        new PolicyRuleBuilder()
            .withApiGroups("jobset.x-k8s.io")
            .withResources("jobsets")
            .withVerbs("list", "patch", "delete")
            .build());
    rules.add(
        new PolicyRuleBuilder()
            .withApiGroups("")
            .withResources("services")
            .withVerbs("create", "get", "patch", "delete")
            .build());
    Path kubeconfig = TestAccounts.kubeconfig(ns, work, "no-jobsets", rules);
    Map<String, String> settings = new HashMap<>(runs.settings(ns));
    settings.put("KUBECONFIG", kubeconfig.toString());
    settings.put("FLOWLINE_KUBERNETES_CONTEXT", TestAccounts.CONTEXT);
    String problem =
        "step 'allReduce': permissions: value \"system:serviceaccount:"
            + ns.name()
            + ":no-jobsets\" may not create jobsets.jobset.x-k8s.io in namespace \""
            + ns.name()
            + "\"; Flowline creates, follows and ends the steps' Jobs, and a gang's JobSet"
            + " (jobset.x-k8s.io/v1alpha2) and headless Service, with these. Use e.g. bind a Role"
            + " with the rules in docs/kubernetes.md (\"Permissions\", with the rules for gangs)"
            + " to the account";
    var cli = new FlowlineCli(work);

    var run = cli.run(settings, FLOW, "run", "--with", "kubernetes");

    assertThat(run.code()).as(run.all()).isEqualTo(2);
    assertThat(run.err())
        .contains("1 problem on the cluster (found before anything was submitted):")
        .contains(problem)
        .contains("Nothing was run.");
    assertThat(ns.client().batch().v1().jobs().list().getItems()).isEmpty();
    assertThat(jobSets(ns)).isEmpty();
    assertThat(ns.client().services().list().getItems()).isEmpty();

    var preflight = cli.run(settings, FLOW, "kubernetes", "preflight", "--with", "kubernetes");

    assertThat(preflight.code()).as(preflight.all()).isEqualTo(2);
    assertThat(preflight.err())
        .contains("1 cluster problem:")
        .contains(problem)
        .contains("Nothing was submitted.");
  }

  @Test
  void sigintDuringAGangSuspendsItsJobSetAndResumeRunsTheGangAgain(TestNamespace ns)
      throws Exception {
    stopMidGangThenResume(ns, "stop", "INT");
  }

  @Test
  void sigtermDuringAGangDeletesItsJobSetAndServiceAndResumeRunsTheGangAgain(TestNamespace ns)
      throws Exception {
    stopMidGangThenResume(ns, "delete", "TERM");
  }

  private void stopMidGangThenResume(TestNamespace ns, String mode, String signal)
      throws Exception {
    Map<String, String> settings = new HashMap<>(runs.settings(ns));
    settings.put("METAFLOW_KUBERNETES_JOB_TERMINATE_MODE", mode);
    var cli = new FlowlineCli(work);
    Process p =
        cli.start(
            settings,
            FLOW,
            "run",
            "--with",
            "kubernetes",
            "--with",
            "environment:vars=[\"ALLREDUCE_HOLD_SECONDS=600\"]",
            "--run-id-file",
            "id.txt");
    // every node of the gang runs (each printed that it holds) before the run is stopped
    boolean holding =
        KubernetesRuns.await(
            300,
            () -> {
              String out = cli.outSafe();
              return p.isAlive()
                  && List.of(0, 1, 2, 3).stream()
                      .allMatch(i -> out.contains("node " + i + " holds for 600 s"));
            });
    assertThat(holding).as(cli.outSafe() + cli.errSafe()).isTrue();
    assertThat(jobSets(ns)).hasSize(1);
    String name = jobSets(ns).get(0).getMetadata().getName();
    assertThat(ns.client().services().withName(name).get()).isNotNull();

    new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as(cli.errSafe()).isTrue();
    assertThat(p.exitValue()).as(cli.errSafe()).isEqualTo(1);
    assertThat(cli.err()).contains("interrupted");
    String id = Files.readString(work.resolve("id.txt")).trim();

    assertThat(KubernetesRuns.await(60, () -> KubernetesRuns.unfinishedPods(ns).isEmpty()))
        .as("pods left running: %s", KubernetesRuns.unfinishedPods(ns))
        .isTrue();
    if (mode.equals("delete")) {
      assertThat(KubernetesRuns.await(60, () -> jobSets(ns).isEmpty()))
          .as("JobSets left: %s", jobSets(ns))
          .isTrue();
      assertThat(ns.client().services().withName(name).get()).as("the gang's Service").isNull();
    } else {
      assertThat(jobSets(ns)).hasSize(1);
      assertThat(suspended(jobSets(ns).get(0))).isEqualTo(true);
    }
    try (FlowlineClient client = runs.client(settings, work)) {
      var nodes = client.flow("AllReduceFlow").run(id).step("allReduce").tasks();
      assertThat(nodes).hasSize(4).allSatisfy(n -> assertThat(n.finished()).isTrue());
      assertThat(nodes).noneMatch(Task::successful);
    }

    var resumed =
        cli.run(
            settings,
            FLOW,
            "resume",
            "--with",
            "kubernetes",
            "--origin-run-id",
            id,
            "--run-id-file",
            "id2.txt");
    assertThat(resumed.code()).as(resumed.all()).isZero();
    assertThat(resumed.all())
        .contains("Cloning previously run task")
        .contains("all-reduce of 4 nodes: total 500500");
    String second = Files.readString(work.resolve("id2.txt")).trim();
    try (FlowlineClient client = runs.client(settings, work)) {
      var run = client.flow("AllReduceFlow").run(second);
      assertThat(run.successful()).isTrue();
      assertThat(run.step("allReduce").tasks())
          .hasSize(4)
          .allSatisfy(n -> assertThat(n.originPathspec()).isEmpty());
    }
  }
}
