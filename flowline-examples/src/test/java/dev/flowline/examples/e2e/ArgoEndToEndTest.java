package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow deployed to the real Argo Workflows controller on the test cluster ({@code argo-workflows
 * create}), started with {@code trigger --wait} with a typed parameter: its branch and foreach run
 * as Argo DAG tasks whose pods run the flow's {@code step} command, the run ends Succeeded, and its
 * artifacts are read back through the client API, as for any run.
 */
class ArgoEndToEndTest {
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

  /** What Argo's executor (the wait container) needs. */
  static final PolicyRule EXECUTOR = rule("argoproj.io", "workflowtaskresults", "create", "patch");

  /** What the runs' pending watchdog needs (docs/argo.md, "Pending timeout and time limit"). */
  static final List<PolicyRule> WATCHDOG =
      List.of(
          rule("", "pods", "get", "list", "watch", "delete"),
          rule("", "pods/status", "patch"),
          rule("", "events", "list"));

  static PolicyRule rule(String apiGroup, String resource, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(apiGroup)
        .withResources(resource)
        .withVerbs(verbs)
        .build();
  }

  /** A Role {@code name} with {@code rules}, bound to service account {@code account}. */
  static void role(TestNamespace ns, String name, String account, List<PolicyRule> rules) {
    var client = ns.client();
    client
        .rbac()
        .roles()
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withRules(rules)
                .build())
        .create();
    client
        .rbac()
        .roleBindings()
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(account)
                .withNamespace(ns.name())
                .endSubject()
                .build())
        .create();
  }

  /**
   * What Argo's executor (the wait container) and the runs' pending watchdog need, bound to the
   * pods' service account.
   */
  static void executorRole(TestNamespace ns) {
    var rules = new ArrayList<PolicyRule>(List.of(EXECUTOR));
    rules.addAll(WATCHDOG);
    role(ns, "executor", "default", rules);
  }

  /** The WorkflowTemplates in the test's namespace (what {@code create} would have written). */
  static List<GenericKubernetesResource> workflowTemplates(TestNamespace ns) {
    return ns.client()
        .genericKubernetesResources("argoproj.io/v1alpha1", "WorkflowTemplate")
        .inNamespace(ns.name())
        .list()
        .getItems();
  }

  static String flow(String name, Path work) throws Exception {
    String file = name + ".java";
    try (InputStream in = ArgoEndToEndTest.class.getResourceAsStream("/flows/argo/" + file)) {
      Files.copy(in, work.resolve(file));
    }
    return file;
  }

  @Test
  void aDeployedFlowWithABranchAndAForeachRunsToSucceededAndItsArtifactsAreRead(TestNamespace ns)
      throws Exception {
    executorRole(ns);
    // the Argo Events webhook, standing in: the run's end task publishes its event there
    var events = new java.util.concurrent.CopyOnWriteArrayList<String>();
    var hook =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext(
        "/hook",
        exchange -> {
          events.add(
              new String(
                  exchange.getRequestBody().readAllBytes(),
                  java.nio.charset.StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    hook.start();
    Map<String, String> settings = new java.util.HashMap<>(runs.settings(ns));
    settings.put(
        "METAFLOW_ARGO_EVENTS_WEBHOOK_URL",
        "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
    var cli = new FlowlineCli(work);
    String flow = flow("ArgoShapesFlow", work);

    var created = cli.run(settings, flow, "argo-workflows", "create");
    assertThat(created.code()).as(created.all()).isZero();
    assertThat(created.err()).contains("as WorkflowTemplate argoshapesflow");

    Process p =
        cli.start(
            settings,
            flow,
            "argo-workflows",
            "trigger",
            "--offset",
            "5",
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
    String runId = Files.readString(work.resolve("run-id")).trim();
    assertThat(runId).startsWith("argoshapesflow-");
    assertThat(cli.outSafe()).contains("values [35, 65, 95]");

    try (FlowlineClient client = runs.client(settings, work)) {
      var run = client.flow("ArgoShapesFlow").run(runId);
      assertThat(run.successful()).isTrue();
      assertThat(run.data().get("values")).isEqualTo(List.of(35, 65, 95));
      assertThat(run.data().get("offset")).isEqualTo(5);
      assertThat(run.step("body").tasks()).hasSize(3);
      assertThat(run.step("end").task().stdout()).contains("values [35, 65, 95]");
    } finally {
      hook.stop(0);
    }
    assertThat(events).hasSize(1);
    var event = new com.fasterxml.jackson.databind.ObjectMapper().readTree(events.get(0));
    assertThat(event.path("name").asText()).isEqualTo("metaflow.ArgoShapesFlow.end");
    assertThat(event.at("/payload/run_id").asText()).isEqualTo(runId);
    assertThat(event.at("/payload/flow_name").asText()).isEqualTo("ArgoShapesFlow");
  }

  @Test
  void statusListTerminateAndDeleteWorkOnADeployedRun(TestNamespace ns) throws Exception {
    executorRole(ns);
    Map<String, String> settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    String flow = flow("SleepyArgoFlow", work);
    var created = cli.run(settings, flow, "argo-workflows", "create");
    assertThat(created.code()).as(created.all()).isZero();

    var other = new java.util.HashMap<>(settings);
    other.put("METAFLOW_USER", "mallory");
    var stolen = cli.run(other, flow, "argo-workflows", "create");
    assertThat(stolen.code()).as(stolen.all()).isEqualTo(2);
    assertThat(stolen.err())
        .contains(
            "deployment \"sleepyargoflow\" in namespace \""
                + ns.name()
                + "\" belongs to tester, not to mallory.")
        .contains("Nothing was created.");

    var listed = cli.run(settings, flow, "argo-workflows", "list");
    assertThat(listed.code()).as(listed.all()).isZero();
    assertThat(listed.out()).contains("sleepyargoflow  flow=SleepyArgoFlow  owner=tester");

    var triggered = cli.run(settings, flow, "argo-workflows", "trigger", "--run-id-file", "run-id");
    assertThat(triggered.code()).as(triggered.all()).isZero();
    String runId = Files.readString(work.resolve("run-id")).trim();

    var workflows =
        ns.client()
            .genericKubernetesResources("argoproj.io/v1alpha1", "Workflow")
            .inNamespace(ns.name())
            .withName(runId);
    assertThat(
            KubernetesRuns.await(
                300,
                () ->
                    ns
                        .client()
                        .pods()
                        .withLabel("workflows.argoproj.io/workflow", runId)
                        .list()
                        .getItems()
                        .stream()
                        .anyMatch(p -> "Running".equals(p.getStatus().getPhase()))))
        .as("the start pod runs")
        .isTrue();
    var status = cli.run(settings, flow, "argo-workflows", "status", runId);
    assertThat(status.code()).as(status.all()).isZero();
    assertThat(status.out()).contains("Run SleepyArgoFlow/" + runId + ": Running");

    var suspended = cli.run(settings, flow, "argo-workflows", "suspend", runId);
    assertThat(suspended.code()).as(suspended.all()).isZero();
    var whileSuspended = cli.run(settings, flow, "argo-workflows", "status", runId);
    assertThat(whileSuspended.out()).contains(": Running (suspended)");
    var resumed = cli.run(settings, flow, "argo-workflows", "unsuspend", runId);
    assertThat(resumed.code()).as(resumed.all()).isZero();
    assertThat(((Map<?, ?>) workflows.get().getAdditionalProperties().get("spec")).get("suspend"))
        .isNull();

    var terminated = cli.run(settings, flow, "argo-workflows", "terminate", runId);
    assertThat(terminated.code()).as(terminated.all()).isZero();
    assertThat(
            KubernetesRuns.await(
                300,
                () -> {
                  var w = workflows.get();
                  return w.getAdditionalProperties().get("status") instanceof Map<?, ?> st
                      && "Failed".equals(st.get("phase"));
                }))
        .as("the workflow ends Failed after terminate")
        .isTrue();
    try (FlowlineClient client = runs.client(settings, work)) {
      var run = client.flow("SleepyArgoFlow").run(runId);
      assertThat(run.finished()).isTrue();
      assertThat(run.successful()).isFalse();
    }

    var unknown = cli.run(settings, flow, "argo-workflows", "status", "nope-123");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("no run \"nope-123\" of SleepyArgoFlow");

    var deleted = cli.run(settings, flow, "argo-workflows", "delete");
    assertThat(deleted.code()).as(deleted.all()).isZero();
    var again = cli.run(settings, flow, "argo-workflows", "trigger");
    assertThat(again.code()).as(again.all()).isEqualTo(2);
    assertThat(again.err()).contains("no deployment named \"sleepyargoflow\"");
  }

  /** Runs {@code trigger ARGS --wait} to its end (at most 10 minutes): exit code and output. */
  private static FlowlineCli.Result triggerAndWait(
      FlowlineCli cli, Map<String, String> settings, String flow, String... args) throws Exception {
    var all = new ArrayList<>(List.of(flow, "argo-workflows", "trigger", "--wait"));
    all.addAll(List.of(args));
    Process p = cli.start(settings, all.toArray(String[]::new));
    boolean ended = p.waitFor(10, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
      throw new AssertionError(
          "trigger --wait did not end in 10 minutes\n" + cli.outSafe() + "\n" + cli.errSafe());
    }
    return new FlowlineCli.Result(p.exitValue(), cli.outSafe(), cli.errSafe());
  }

  @Test
  void aRetriedStepSucceedsOnItsSecondAttemptAndAFailedRunIsRecordedByTheExitHook(TestNamespace ns)
      throws Exception {
    executorRole(ns);
    Map<String, String> settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    String flow = flow("FlakyArgoFlow", work);
    var created = cli.run(settings, flow, "argo-workflows", "create");
    assertThat(created.code()).as(created.all()).isZero();

    var once = triggerAndWait(cli, settings, flow, "--run-id-file", "once-id");
    assertThat(once.code()).as(once.all()).isZero();
    assertThat(once.out())
        .contains("flaky fails on attempt 0")
        .contains("flaky succeeded on attempt 1");
    String onceId = Files.readString(work.resolve("once-id")).trim();

    var always =
        triggerAndWait(cli, settings, flow, "--mode", "always", "--run-id-file", "always-id");
    assertThat(always.code()).as(always.all()).isEqualTo(1);
    String alwaysId = Files.readString(work.resolve("always-id")).trim();

    try (FlowlineClient client = runs.client(settings, work)) {
      var ok = client.flow("FlakyArgoFlow").run(onceId);
      assertThat(ok.successful()).isTrue();
      assertThat(ok.data().get("attempt")).isEqualTo(1);
      var failed = client.flow("FlakyArgoFlow").run(alwaysId);
      assertThat(failed.finished()).as("the exit hook recorded the end").isTrue();
      assertThat(failed.successful()).isFalse();
      assertThat(failed.step("start").task().data().get("mode")).isEqualTo("always");
    }
  }

  @Test
  void aFailedRunStartedByArgoIsDumpedLoggedAndResumedLocallyAndOnKubernetes(TestNamespace ns)
      throws Exception {
    executorRole(ns);
    Map<String, String> settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    String flow = flow("ResumableArgoFlow", work);
    // only the deployment's pods get FAIL_MIDDLE=1: its middle step fails there, not when resumed
    var created =
        cli.run(
            settings,
            flow,
            "argo-workflows",
            "create",
            "--with",
            "environment:vars=[\"FAIL_MIDDLE=1\"]");
    assertThat(created.code()).as(created.all()).isZero();
    var failed = triggerAndWait(cli, settings, flow, "--offset", "5", "--run-id-file", "run-id");
    assertThat(failed.code()).as(failed.all()).isEqualTo(1);
    String argoRun = Files.readString(work.resolve("run-id")).trim();

    try (FlowlineClient client = runs.client(settings, work)) {
      var run = client.flow("ResumableArgoFlow").run(argoRun);
      assertThat(run.finished()).isTrue();
      assertThat(run.successful()).isFalse();
      assertThat(run.step("start").task().id()).isEqualTo("t");
      assertThat(run.step("body").tasks())
          .extracting(dev.flowline.client.Task::id)
          .containsExactlyInAnyOrder("t-0", "t-1");
      assertThat(run.step("middle").task().successful()).isFalse();
    }
    var dump = cli.run(settings, flow, "dump", argoRun + "/gather/t", "--json");
    assertThat(dump.code()).as(dump.all()).isZero();
    assertThat(dump.out())
        .contains("\"sum\":{\"type\":\"java.lang.Integer\"")
        .contains("\"value\":40");
    var logs = cli.run(settings, flow, "logs", argoRun + "/middle", "--stderr");
    assertThat(logs.code()).as(logs.all()).isZero();
    // logs prints a task's stderr to its own stderr
    assertThat(logs.err()).contains("middle fails: FAIL_MIDDLE=1");

    var local = cli.run(settings, flow, "resume", "--origin-run-id", argoRun);
    assertThat(local.code()).as(local.all()).isZero();
    assertThat(local.all()).contains("Cloning previously run task");
    var onKubernetes =
        cli.run(settings, flow, "resume", "--with", "kubernetes", "--origin-run-id", argoRun);
    assertThat(onKubernetes.code()).as(onKubernetes.all()).isZero();

    try (FlowlineClient client = runs.client(settings, work)) {
      for (var resumed :
          List.of(
              Map.entry(KubernetesRuns.runId(local), "local"),
              Map.entry(KubernetesRuns.runId(onKubernetes), "kubernetes"))) {
        var run = client.flow("ResumableArgoFlow").run(resumed.getKey());
        assertThat(run.successful()).as(resumed.getValue()).isTrue();
        assertThat(run.data().get("sum")).isEqualTo(40);
        assertThat(run.data().get("offset")).isEqualTo(5);
        assertThat(run.data().get("where")).isEqualTo(resumed.getValue());
        for (String cloned : List.of("start", "body", "gather")) {
          assertThat(run.step(cloned).tasks())
              .as(cloned + " is cloned from the Argo run")
              .isNotEmpty()
              .allMatch(
                  t ->
                      t.originPathspec()
                          .filter(o -> o.startsWith("ResumableArgoFlow/" + argoRun + "/" + cloned))
                          .isPresent());
        }
        assertThat(run.step("body").tasks()).hasSize(2);
        for (String rerun : List.of("middle", "end")) {
          assertThat(run.step(rerun).task().originPathspec()).as(rerun + " ran again").isEmpty();
        }
        assertThat(run.step("end").task().stdout()).contains("ended with sum 40");
      }
    }
  }

  @Test
  void catchStoresAThrownExceptionAndACrashAndTheRunSucceeds(TestNamespace ns) throws Exception {
    executorRole(ns);
    Map<String, String> settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    String flow = flow("CatchArgoFlow", work);
    var created = cli.run(settings, flow, "argo-workflows", "create");
    assertThat(created.code()).as(created.all()).isZero();
    var r = triggerAndWait(cli, settings, flow, "--run-id-file", "run-id");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("crasher halts on attempt 0");
    String runId = Files.readString(work.resolve("run-id")).trim();
    try (FlowlineClient client = runs.client(settings, work)) {
      var run = client.flow("CatchArgoFlow").run(runId);
      assertThat(run.successful()).isTrue();
      var failure = (Throwable) run.data().get("failure");
      assertThat(failure).isInstanceOf(IllegalStateException.class);
      assertThat(failure.getMessage()).isEqualTo("thrower fails on attempt 0");
      var crash = (Throwable) run.data().get("crash");
      // the fallback attempt (1) ran no user code and recorded how attempt 0 ended
      assertThat(crash.getMessage()).startsWith("task attempt 0 ended without recording its end");
      assertThat(crash.getMessage()).contains("exit code 3");
      assertThat(run.step("crasher").task().data().get("crash")).isNotNull();
    }
  }

  /**
   * A retried step whose pod can never be scheduled, with nothing else running: Argo alone would
   * not look at the run again (its template timeout is only checked when something changes, and not
   * on a retried step), so the run's pending watchdog fails each attempt's pod at its pending
   * timeout, with the scheduler's message, and the run fails.
   */
  @Test
  void aPodThatIsNeverScheduledFailsAtItsPendingTimeoutEvenWithRetriesAndNothingElseRunning(
      TestNamespace ns) throws Exception {
    executorRole(ns);
    Map<String, String> settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    String flow = flow("StuckArgoFlow", work);
    var created = cli.run(settings, flow, "argo-workflows", "create");
    assertThat(created.code()).as(created.all()).isZero();
    long t0 = System.nanoTime();
    var r = triggerAndWait(cli, settings, flow, "--run-id-file", "run-id");
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    String runId = Files.readString(work.resolve("run-id")).trim();
    var pods =
        ns.client()
            .pods()
            .inNamespace(ns.name())
            .withLabel("workflows.argoproj.io/workflow", runId)
            .list()
            .getItems();
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.err())
        .contains("step stuck (stuck(0)) failed: flowline: no node can take the pod")
        .contains("step stuck (stuck(1)) failed: flowline: no node can take the pod")
        .contains("didn't match Pod's node affinity/selector")
        .contains("longer than the pending timeout of 20 s");
    // both attempts' pods: failed by the watchdog, not left Pending
    var stuck =
        pods.stream()
            .filter(p -> "stuck".equals(p.getMetadata().getAnnotations().get("flowline.dev/step")))
            .toList();
    assertThat(stuck)
        .as("the stuck step's pods after %d s: %s", seconds, pods)
        .hasSize(2)
        .allSatisfy(
            p -> {
              assertThat(p.getStatus().getPhase()).isEqualTo("Failed");
              assertThat(p.getStatus().getReason()).isEqualTo("PendingTimeout");
            });
    // the watchdog ended with the run (the test cluster's node agent has no pods/exec, through
    // which Argo signals a daemon: it ends itself once Argo labels its pod completed)
    assertThat(KubernetesRuns.await(60, () -> KubernetesRuns.unfinishedPods(ns).isEmpty()))
        .as("pods left running: %s", KubernetesRuns.unfinishedPods(ns))
        .isTrue();
    try (FlowlineClient client = runs.client(settings, work)) {
      var run = client.flow("StuckArgoFlow").run(runId);
      assertThat(run.finished()).as("the exit hook recorded the end").isTrue();
      assertThat(run.successful()).isFalse();
    }
  }

  /**
   * {@code create} asks the API server (SubjectAccessReviews) whether the pods' service account may
   * do what the runs' pending watchdog does, and warns when it may not (the deployment is made all
   * the same: the runs work, only without the watchdog).
   */
  @Test
  void createWarnsWhenThePodsServiceAccountLacksThePendingWatchdogsPermissions(TestNamespace ns)
      throws Exception {
    role(ns, "argo-executor-only", "default", List.of(EXECUTOR));
    Map<String, String> settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    String flow = flow("StuckArgoFlow", work);
    var created = cli.run(settings, flow, "argo-workflows", "create");
    assertThat(created.code()).as(created.all()).isZero();
    assertThat(created.err())
        .contains(
            "argo-workflows create: warning: service account default of namespace "
                + ns.name()
                + " may not get, list, watch, delete pods; patch pods/status; list events, which"
                + " the runs' pending watchdog needs");
    executorRole(ns);
    var again = cli.run(settings, flow, "argo-workflows", "create");
    assertThat(again.code()).as(again.all()).isZero();
    assertThat(again.err()).doesNotContain("warning");
  }

  @Test
  void aNestedForeachWithABranchInsideRunsToSucceeded(TestNamespace ns) throws Exception {
    executorRole(ns);
    Map<String, String> settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    String flow = flow("NestedArgoFlow", work);
    var created = cli.run(settings, flow, "argo-workflows", "create");
    assertThat(created.code()).as(created.all()).isZero();
    var r = triggerAndWait(cli, settings, flow, "--run-id-file", "run-id");
    assertThat(r.code()).as(r.all()).isZero();
    String runId = Files.readString(work.resolve("run-id")).trim();
    try (FlowlineClient client = runs.client(settings, work)) {
      var run = client.flow("NestedArgoFlow").run(runId);
      assertThat(run.successful()).isTrue();
      assertThat(run.data().get("all")).isEqualTo(List.of("A1/a1!", "A2/a2!", "B1/b1!", "B2/b2!"));
      assertThat(run.step("perNumber").tasks()).hasSize(4);
    }
  }

  @Test
  void aScheduledFlowIsStartedByItsCronWorkflowAndDeleteUnschedulesIt(TestNamespace ns)
      throws Exception {
    executorRole(ns);
    Map<String, String> settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    String flow = flow("CronArgoFlow", work);
    var created = cli.run(settings, flow, "argo-workflows", "create");
    assertThat(created.code()).as(created.all()).isZero();
    assertThat(created.err()).contains("scheduled by CronWorkflow cronargoflow (* * * * *)");

    var workflows =
        ns.client()
            .genericKubernetesResources("argoproj.io/v1alpha1", "Workflow")
            .inNamespace(ns.name())
            .withLabel("flowline.dev/flow", "CronArgoFlow");
    assertThat(
            KubernetesRuns.await(
                480,
                () ->
                    workflows.list().getItems().stream()
                        .anyMatch(
                            w ->
                                w.getAdditionalProperties().get("status") instanceof Map<?, ?> st
                                    && "Succeeded".equals(st.get("phase")))))
        .as("a run started by the schedule succeeds")
        .isTrue();
    String runId =
        workflows.list().getItems().stream()
            .filter(
                w ->
                    w.getAdditionalProperties().get("status") instanceof Map<?, ?> st
                        && "Succeeded".equals(st.get("phase")))
            .findFirst()
            .orElseThrow()
            .getMetadata()
            .getName();
    try (FlowlineClient client = runs.client(settings, work)) {
      var run = client.flow("CronArgoFlow").run(runId);
      assertThat(run.successful()).isTrue();
      assertThat(run.data().get("message")).isEqualTo("scheduled");
    }

    var deleted = cli.run(settings, flow, "argo-workflows", "delete");
    assertThat(deleted.code()).as(deleted.all()).isZero();
    assertThat(
            ns.client()
                .genericKubernetesResources("argoproj.io/v1alpha1", "CronWorkflow")
                .inNamespace(ns.name())
                .withName("cronargoflow")
                .get())
        .isNull();
  }

  @Test
  void aFlowWithAGangIsRefusedBeforeAnythingIsCreatedWhenTheClusterHasNoJobSetApi(TestNamespace ns)
      throws Exception {
    var cli = new FlowlineCli(work);
    var r =
        cli.run(
            runs.settings(ns), "dev.flowline.examples.AllReduceFlow", "argo-workflows", "create");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "the cluster does not serve the JobSet API jobset.x-k8s.io/v1alpha2, and the flow's"
                + " gang steps (allreduce, @Parallel) run as JobSets. Install the JobSet controller")
        .contains("Nothing was created.");
    assertThat(workflowTemplates(ns)).isEmpty();
  }

  @Test
  void diffShowsWhatCreateWouldChangeAndNeverPrintsACredential(TestNamespace ns) throws Exception {
    Map<String, String> settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    String flow = flow("DailyArgoFlow", work);
    var first = cli.run(settings, flow, "argo-workflows", "diff");
    assertThat(first.code()).as(first.all()).isEqualTo(1);
    assertThat(first.out())
        .contains("WorkflowTemplate " + ns.name() + "/dailyargoflow: would be created")
        .contains("CronWorkflow " + ns.name() + "/dailyargoflow: would be created")
        .contains("+++ create/WorkflowTemplate/" + ns.name() + "/dailyargoflow");

    var created =
        cli.run(
            settings,
            flow,
            "argo-workflows",
            "create",
            "--with",
            "environment:vars=[\"API_TOKEN=sekrit-one\"]");
    assertThat(created.code()).as(created.all()).isZero();
    var same =
        cli.run(
            settings,
            flow,
            "argo-workflows",
            "diff",
            "--with",
            "environment:vars=[\"API_TOKEN=sekrit-one\"]");
    assertThat(same.code()).as(same.all()).isZero();
    assertThat(same.out())
        .isEqualTo(
            "WorkflowTemplate "
                + ns.name()
                + "/dailyargoflow: no changes\nCronWorkflow "
                + ns.name()
                + "/dailyargoflow: no changes\n");

    var changed =
        cli.run(
            settings,
            flow,
            "argo-workflows",
            "diff",
            "--with",
            "environment:vars=[\"API_TOKEN=sekrit-two\"]",
            "--with",
            "retry:times=3");
    assertThat(changed.code()).as(changed.all()).isEqualTo(1);
    assertThat(changed.out())
        .contains("WorkflowTemplate " + ns.name() + "/dailyargoflow: would change")
        .contains("CronWorkflow " + ns.name() + "/dailyargoflow: no changes")
        .contains("+      limit: \"3\"")
        .contains("+        value: '**** (changed)'")
        .doesNotContain("sekrit");
    assertThat(changed.err()).doesNotContain("sekrit").contains("API_TOKEN");

    var bad = cli.run(settings, flow, "argo-workflows", "diff", "--with", "retry:times=x");
    assertThat(bad.code()).as(bad.all()).isEqualTo(2);
    // nothing was created or changed by diff: the template is the one create wrote
    assertThat(workflowTemplates(ns)).hasSize(1);
  }

  @Test
  void aSensorIsRefusedBeforeAnythingIsCreatedWhenArgoEventsIsNotInstalled(TestNamespace ns)
      throws Exception {
    var settings = new java.util.HashMap<>(runs.settings(ns));
    settings.put("METAFLOW_ARGO_EVENTS_EVENT_SOURCE", "argo-events-webhook");
    settings.put("METAFLOW_ARGO_EVENTS_EVENT", "metaflow-event");
    var cli = new FlowlineCli(work);
    String flow = flow("EventArgoFlow", work);
    var r = cli.run(settings, flow, "argo-workflows", "create");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "the cluster has no Sensor resource (argoproj.io/v1alpha1): Argo Events is not"
                + " installed. Install it, or remove @Trigger and @TriggerOnFinish from the flow.")
        .contains("Nothing was created.");
    assertThat(workflowTemplates(ns)).isEmpty();
  }
}
