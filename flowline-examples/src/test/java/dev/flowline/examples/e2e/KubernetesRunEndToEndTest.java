package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Run;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Example flows with steps on Kubernetes, run by {@code bin/flowline} against the real control
 * plane and the node agent ({@link TestClusterExtension}) with S3Mock as the datastore: each
 * attempt is a Job, its pod runs the task's {@code step} command, the run reads the outcome back.
 */
@ExtendWith(TestClusterExtension.class)
class KubernetesRunEndToEndTest {
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

  private Map<String, String> settings(TestNamespace ns) {
    return runs.settings(ns);
  }

  private FlowlineClient client(Map<String, String> settings) {
    return runs.client(settings, work);
  }

  @Test
  void helloFlowRunsEveryStepAsAJob(TestNamespace ns) throws Exception {
    var settings = settings(ns);
    var cli = new FlowlineCli(work);
    var r =
        cli.run(
            settings,
            "dev.flowline.examples.HelloFlow",
            "run",
            "--with",
            "kubernetes",
            "--with",
            "environment:vars=[\"DB_PASSWORD=hunter2\"]");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("HELLO WORLD");
    assertThat(r.err())
        .contains("the environment variable DB_PASSWORD looks like a credential")
        .contains("@Kubernetes(secrets = ...)");
    assertThat(r.all()).doesNotContain("hunter2");
    try (FlowlineClient client = client(settings)) {
      Run run = client.flow("HelloFlow").latestRun().orElseThrow();
      assertThat(run.successful()).isTrue();
      assertThat(run.data().get("greeting")).isEqualTo("HELLO WORLD");
      assertThat(run.step("end").task().stdout()).contains("HELLO WORLD");
    }
    var jobs = ns.client().batch().v1().jobs().list().getItems();
    assertThat(jobs).hasSize(3);
    for (var job : jobs) {
      var command =
          String.join(
              " ", job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
      assertThat(command)
          .as("the pod's command carries no setting values")
          .doesNotContain("--with")
          .doesNotContain("hunter2");
    }
  }

  /** {@code FLOW run MORE...}: the pods get the code from the run's code package. */
  private static String[] onKubernetes(String flow, String... more) {
    return onKubernetes(flow, List.of(), more);
  }

  /** As above, with environment variables of the tasks ({@code NAME=value}). */
  private static String[] onKubernetes(String flow, List<String> env, String... more) {
    var args = new java.util.ArrayList<String>(List.of(flow, "run"));
    args.addAll(List.of(more));
    if (!env.isEmpty()) {
      var vars = env.stream().map(v -> "\"" + v + "\"").toList();
      args.addAll(List.of("--with", "environment:vars=[" + String.join(",", vars) + "]"));
    }
    return args.toArray(String[]::new);
  }

  @Test
  void retriesAndCatchBehaveAsLocally(TestNamespace ns) throws Exception {
    var cli = new FlowlineCli(work);
    var r =
        cli.run(
            settings(ns),
            onKubernetes("dev.flowline.examples.RetryCatchFlow", "--with", "kubernetes"));
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("start succeeded on attempt 1; parsed = 0");
    assertThat(r.err()).contains("retry 1 of 2");
    // start twice (attempt 0 fails, attempt 1 succeeds), parse once (@Catch inside it), end once
    assertThat(ns.client().batch().v1().jobs().list().getItems()).hasSize(4);
  }

  /**
   * The example flows not run above, locally and with every step on Kubernetes, on the same
   * datastore: every artifact of every task ends with the same content (its content key).
   */
  @ParameterizedTest
  @ValueSource(strings = {"BranchFlow", "ParameterFlow"})
  void anExampleFlowEndsWithTheSameArtifactsAsLocally(String name, TestNamespace ns)
      throws Exception {
    String flow = "dev.flowline.examples." + name;
    List<String> params =
        name.equals("ParameterFlow")
            ? List.of(
                "--dataset",
                "iris",
                "--epochs",
                "5",
                "--ratio",
                "0.25",
                "--verbose",
                "true",
                "--config",
                "{\"learningRate\": 0.5, \"layers\": [8, 4]}")
            : List.of();
    var cli = new FlowlineCli(work);
    var local = new java.util.ArrayList<>(List.of(flow, "run"));
    local.addAll(params);
    var l = cli.run(settings(ns), local.toArray(String[]::new));
    assertThat(l.code()).as(l.all()).isZero();
    var remote = new java.util.ArrayList<>(local);
    remote.addAll(List.of("--with", "kubernetes"));
    var r = cli.run(settings(ns), remote.toArray(String[]::new));
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(ns.client().batch().v1().jobs().list().getItems()).isNotEmpty();

    try (FlowlineClient client = client(settings(ns))) {
      Run onKubernetes = client.flow(name).run(runId(r));
      Run onThisMachine = client.flow(name).run(runId(l));
      assertThat(onKubernetes.systemTags()).contains("runtime:kubernetes");
      assertThat(artifactKeys(onKubernetes)).isEqualTo(artifactKeys(onThisMachine)).isNotEmpty();
    }
  }

  @Test
  void aLargeArtifactGoesFromOnePodToTheNext(TestNamespace ns) throws Exception {
    var cli = new FlowlineCli(work);
    // 200 MiB written by 'start', read and checked by 'verify', each in its own pod
    var r =
        cli.run(
            settings(ns),
            "dev.flowline.examples.LargeArtifactFlow",
            "run",
            "--with",
            "kubernetes:memory=2048",
            "--with",
            "environment:vars=[\"JAVA_TOOL_OPTIONS=-Xmx1200m\"]");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("verified 209715200 bytes, CRC-32 ");
    assertThat(ns.client().batch().v1().jobs().list().getItems()).hasSize(3);
  }

  /** Step -> artifact -> content key of every task of {@code run} (tasks in id order). */
  private static Map<String, List<Map<String, String>>> artifactKeys(Run run) {
    var out = new java.util.TreeMap<String, List<Map<String, String>>>();
    for (var step : run.steps()) {
      var tasks = new java.util.ArrayList<Map<String, String>>();
      for (var task : step.tasks()) {
        var keys = new java.util.TreeMap<String, String>();
        task.artifacts().forEach(a -> keys.put(a.name(), a.sha()));
        tasks.add(keys);
      }
      out.put(step.name(), tasks);
    }
    return out;
  }

  @Test
  void aForeachRunsEachItemAsAJob(TestNamespace ns) throws Exception {
    var cli = new FlowlineCli(work);
    var r =
        cli.run(
            settings(ns),
            onKubernetes("dev.flowline.examples.ForeachFlow", "--with", "kubernetes"));
    assertThat(r.code()).as(r.all()).isZero();
    try (FlowlineClient client = client(settings(ns))) {
      Run run = client.flow("ForeachFlow").latestRun().orElseThrow();
      assertThat(run.successful()).isTrue();
    }
  }

  @Test
  void anImageThatCannotBePulledFailsTheTaskWithTheReasonAndStopsItsJob(TestNamespace ns)
      throws Exception {
    var cli = new FlowlineCli(work);
    long t0 = System.nanoTime();
    var r =
        cli.run(
            settings(ns),
            onKubernetes(
                "dev.flowline.examples.HelloFlow",
                "--with",
                "kubernetes:image=registry.invalid/flowline/nope:1"));
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.all())
        .contains(
            "the image \"registry.invalid/flowline/nope:1\" of container start does not exist")
        .contains("not found")
        .contains("METAFLOW_KUBERNETES_CONTAINER_IMAGE");
    assertThat(seconds)
        .as("fails within the image back-off, not the pending timeout")
        .isLessThan(120);
    var job = ns.client().batch().v1().jobs().list().getItems().get(0);
    assertThat(job.getSpec().getParallelism()).as("stopped (terminate mode stop)").isZero();
    var logs =
        cli.run(settings(ns), "dev.flowline.examples.HelloFlow", "logs", runId(r) + "/start");
    assertThat(logs.all()).as("the evidence is the attempt's log").contains("does not exist");
  }

  @Test
  void aContainerOverItsMemoryLimitIsReportedAsOomKilled(TestNamespace ns) throws Exception {
    var cli = new FlowlineCli(work);
    var r =
        cli.run(
            settings(ns),
            onKubernetes(
                "dev.flowline.examples.HelloFlow",
                // the JVM touches a 512 MiB heap at once: over the limit of 128 MB (a limit is set
                // with QoS Guaranteed; Burstable pods only request memory, as in Metaflow)
                List.of("JAVA_TOOL_OPTIONS=-Xms512m -Xmx512m -XX:+AlwaysPreTouch"),
                "--with",
                "kubernetes:memory=128,qos=Guaranteed"));
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.all())
        .contains("OOM-killed (exit code 137)")
        .contains("memory limit of 128 MB")
        .contains("@Kubernetes(memory = ...)");
  }

  @Test
  void aStoppedRunDeletesItsJobsAndResumeRunsOnlyWhatDidNotFinish(TestNamespace ns)
      throws Exception {
    var settings = new java.util.HashMap<>(settings(ns));
    settings.put("METAFLOW_KUBERNETES_JOB_TERMINATE_MODE", "delete");
    // the pod of 'shout' waits before its task: the run is stopped while it waits
    settings.put(
        "METAFLOW_KUBERNETES_SANDBOX_INIT_SCRIPT",
        "if tr '\\0' ' ' < /proc/$$/cmdline | grep -q 'step shout'; then sleep 600; fi");
    var cli = new FlowlineCli(work);
    Process p =
        cli.start(
            settings,
            onKubernetes(
                "dev.flowline.examples.HelloFlow",
                "--with",
                "kubernetes",
                "--run-id-file",
                "id.txt"));
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    while (!cli.err().contains("/shout/2] Task is starting") && System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as("the run ended early: " + cli.err()).isTrue();
      Thread.sleep(100);
    }
    p.destroy(); // SIGTERM, as Ctrl-C or a CI timeout
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as(cli.err()).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    String id = java.nio.file.Files.readString(work.resolve("id.txt")).trim();
    deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (!unfinishedPodsOrShout(ns).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(ns.client().batch().v1().jobs().list().getItems())
        .as("the Jobs that ran are deleted (terminate mode delete); start's finished Job too")
        .noneMatch(j -> j.getMetadata().getName().contains("shout"));
    assertThat(unfinishedPodsOrShout(ns))
        .as(
            () ->
                "no pod is left running: "
                    + ns.client().pods().list().getItems().stream()
                        .map(
                            pod ->
                                pod.getMetadata().getName()
                                    + " deletion="
                                    + pod.getMetadata().getDeletionTimestamp()
                                    + " "
                                    + pod.getStatus())
                        .toList()
                    + "\n"
                    + cli.errSafe())
        .isEmpty();

    settings.remove("METAFLOW_KUBERNETES_SANDBOX_INIT_SCRIPT");
    String[] resume =
        onKubernetes(
            "dev.flowline.examples.HelloFlow", "--with", "kubernetes", "--origin-run-id", id);
    resume[1] = "resume";
    var resumed = cli.run(settings, resume);
    assertThat(resumed.code()).as(resumed.all()).isZero();
    assertThat(resumed.all()).contains("Cloning previously run task").contains("HELLO WORLD");
  }

  private static List<String> unfinishedPodsOrShout(TestNamespace ns) {
    var pods = new java.util.ArrayList<>(KubernetesRuns.unfinishedPods(ns));
    ns.client().pods().list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .filter(n -> n.contains("shout") && !pods.contains(n))
        .forEach(pods::add);
    return pods;
  }

  private static String runId(FlowlineCli.Result r) {
    return KubernetesRuns.runId(r);
  }
}
