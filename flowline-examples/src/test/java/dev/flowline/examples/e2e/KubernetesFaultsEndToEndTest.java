package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Run;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import dev.flowline.testkit.net.TcpProxy;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kubernetes steps mixed with local ones, and what the cluster does to a task (evictions,
 * deadlines, missing Secrets, no node that fits), with single-file test flows ({@code
 * flows/kubernetes/}) run by {@code bin/flowline} against the real control plane, the node agent
 * and S3Mock.
 */
@ExtendWith(TestClusterExtension.class)
class KubernetesFaultsEndToEndTest {
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
  void localAndKubernetesStepsMixInOneRun(TestNamespace ns) throws Exception {
    var settings = runs.settings(ns);
    var cli = new FlowlineCli(work);
    var r = cli.run(settings, KubernetesRuns.flow("MixedFlow", work), "run");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out())
        .contains("squares [1, 4, 9] trained on [kubernetes, kubernetes, kubernetes] joined local");
    assertThat(ns.client().batch().v1().jobs().list().getItems())
        .as("only the foreach items ran as Jobs")
        .hasSize(3)
        .allMatch(j -> j.getMetadata().getName().startsWith("mixedflow-train-"));
    try (FlowlineClient client = runs.client(settings, work)) {
      Run run = client.flow("MixedFlow").latestRun().orElseThrow();
      assertThat(run.successful()).isTrue();
      assertThat(run.systemTags()).contains("runtime:local", "runtime:kubernetes");
      assertThat(run.step("train").tasks())
          .allSatisfy(t -> assertThat(t.stdout()).contains("in pod mixedflow-train-"))
          .allSatisfy(
              t ->
                  assertThat(t.attempts().get(0).info())
                      .containsEntry("executor", "kubernetes")
                      .containsKeys("kubernetes-pod-name", "kubernetes-node-name"));
      assertThat(run.step("start").task().attempts().get(0).info())
          .containsExactly(java.util.Map.entry("executor", "local"));
    }
  }

  @Test
  void anEvictedPodRunsAgainWithoutUsingUpRetry(TestNamespace ns) throws Exception {
    var settings = new HashMap<>(runs.settings(ns));
    var cli = new FlowlineCli(work);
    Process p =
        cli.start(
            settings,
            KubernetesRuns.flow("SleepyFlow", work),
            "run",
            "--with",
            "environment:vars=[\"SLEEPY_ONCE=1\"]");
    assertThat(KubernetesRuns.await(120, () -> cli.outSafe().contains("attempt 0 sleeps")))
        .as(cli.errSafe())
        .isTrue();
    var pod = ns.client().pods().list().getItems().get(0);
    assertThat(ns.client().pods().resource(pod).evict()).as("evicted").isTrue();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(cli.errSafe()).isTrue();
    String err = cli.errSafe();
    assertThat(p.exitValue()).as(cli.outSafe() + err).isZero();
    assertThat(err)
        .contains("was disrupted (")
        .contains("running it again (1 of 3 for infrastructure failures; @Retry is not used up)");
    assertThat(cli.outSafe()).contains("start ended on attempt 1");
  }

  @Test
  void aStepPastItsTimeoutIsStoppedByItsDeadline(TestNamespace ns) throws Exception {
    var cli = new FlowlineCli(work);
    long t0 = System.nanoTime();
    // a Kubernetes step's time limit is at least 60 s; the step sleeps for 5 minutes
    var r =
        cli.run(
            runs.settings(ns),
            KubernetesRuns.flow("SleepyFlow", work),
            "run",
            "--with",
            "timeout:minutes=1",
            "--with",
            "environment:vars=[\"SLEEPY_MILLIS=300000\"]");
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.err()).contains("timed out after 60 s").contains("activeDeadlineSeconds");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(150);
  }

  @Test
  void whatTheClusterLacksStopsTheRunBeforeAnythingIsSubmitted(TestNamespace ns) throws Exception {
    var settings = new HashMap<>(runs.settings(ns));
    settings.put("METAFLOW_KUBERNETES_SECRETS", "s3-credentials,no-such-secret");
    settings.put("METAFLOW_KUBERNETES_SERVICE_ACCOUNT", "no-such-account");
    var cli = new FlowlineCli(work);
    var r = cli.run(settings, KubernetesRuns.flow("SleepyFlow", work), "run");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains("problems on the cluster (found before anything was submitted)")
        .contains("no-such-secret")
        .contains("no-such-account")
        .contains("Nothing was run.");
    assertThat(ns.client().batch().v1().jobs().list().getItems()).isEmpty();
    assertThat(work.resolve(".metaflow")).doesNotExist();
  }

  @Test
  void aPodNoNodeFitsWaitsUpToThePendingTimeoutWithTheSchedulersReason(TestNamespace ns)
      throws Exception {
    var cli = new FlowlineCli(work);
    long t0 = System.nanoTime();
    var r =
        cli.run(
            runs.settings(ns),
            KubernetesRuns.flow("SleepyFlow", work),
            "run",
            "--with",
            // start's @Kubernetes(cpu) wins over --with: end is the step that waits
            "kubernetes:cpu=64,pendingTimeout=10",
            "--with",
            "environment:vars=[\"SLEEPY_MILLIS=0\"]");
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.err()).contains("Insufficient cpu").contains("pending timeout").contains("cpu");
    assertThat(seconds).isBetween(10L, 90L);
    assertThat(KubernetesRuns.unfinishedPods(ns)).as("its pod is not left waiting").isEmpty();
    assertThat(ns.client().batch().v1().jobs().list().getItems())
        .filteredOn(j -> j.getMetadata().getName().startsWith("sleepyflow-end-"))
        .as("the waiting Job is stopped (terminate mode stop)")
        .singleElement()
        .matches(j -> Integer.valueOf(0).equals(j.getSpec().getParallelism()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "disktype=nvme | didn't match Pod's node affinity/selector | nodeSelector",
        "testkit.flowline.dev/pool=tainted | had untolerated taint | tolerations"
      })
  void aNodeSelectorOrATaintNoNodeSatisfiesIsReportedWithTheSchedulersReason(
      String selector, String reason, String setting, TestNamespace ns) throws Exception {
    var settings = new HashMap<>(runs.settings(ns));
    settings.put("METAFLOW_KUBERNETES_NODE_SELECTOR", selector);
    settings.put("METAFLOW_KUBERNETES_PENDING_TIMEOUT", "8");
    var r = new FlowlineCli(work).run(settings, KubernetesRuns.flow("MixedFlow", work), "run");
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.err())
        .contains("0/3 nodes are available")
        .contains(reason)
        .contains(setting)
        .contains("pending timeout");
    assertThat(KubernetesRuns.unfinishedPods(ns)).as("no pod is left waiting").isEmpty();
  }

  @Test
  void logsOfAKubernetesTaskAreReadAfterItsPodIsGone(TestNamespace ns) throws Exception {
    var settings = new HashMap<>(runs.settings(ns));
    settings.put("METAFLOW_KUBERNETES_JOB_TTL_SECONDS_AFTER_FINISHED", "0");
    var cli = new FlowlineCli(work);
    var r = cli.run(settings, KubernetesRuns.flow("MixedFlow", work), "run");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(KubernetesRuns.await(60, () -> ns.client().pods().list().getItems().isEmpty()))
        .as("the TTL controller deleted the Jobs and their pods")
        .isTrue();
    var logs = cli.run(settings, "MixedFlow.java", "logs", KubernetesRuns.runId(r) + "/train");
    assertThat(logs.code()).as(logs.all()).isZero();
    assertThat(logs.out()).contains("square of 2 is 4 in pod mixedflow-train-");
    assertThat(List.of(logs.out().split("\n"))).anyMatch(l -> l.contains("square of 3 is 9"));
  }

  @Test
  void aWatchCutMidRunIsResumedAndTheOutcomeArrivesOnce(TestNamespace ns) throws Exception {
    String kubeconfig = java.nio.file.Files.readString(ns.cluster().kubeconfig());
    var server =
        java.util.regex.Pattern.compile("server: \"?https://127\\.0\\.0\\.1:(\\d+)")
            .matcher(kubeconfig);
    assertThat(server.find()).as(kubeconfig).isTrue();
    try (var proxy = TcpProxy.start("127.0.0.1", Integer.parseInt(server.group(1)))) {
      Path proxied = work.resolve("through-proxy.kubeconfig");
      java.nio.file.Files.writeString(
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
              "environment:vars=[\"SLEEPY_MILLIS=15000\"]");
      assertThat(KubernetesRuns.await(120, () -> cli.outSafe().contains("attempt 0 sleeps")))
          .as(cli.errSafe())
          .isTrue();
      int before = proxy.connectionsAccepted();
      assertThat(proxy.cutAll()).as("the watches and the log stream were open").isPositive();
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(cli.errSafe()).isTrue();
      String err = cli.errSafe();
      assertThat(p.exitValue()).as(cli.outSafe() + err).isZero();
      assertThat(proxy.connectionsAccepted()).as("the watches reconnected").isGreaterThan(before);
      assertThat(err.split("/start/1\\] Task finished successfully", -1))
          .as("one outcome for the task: " + err)
          .hasSize(2);
      assertThat(cli.outSafe()).contains("start ended on attempt 0");
    }
  }

  @Test
  void afterAnOomKillTheRetryAsksForMoreMemory(TestNamespace ns) throws Exception {
    var cli = new FlowlineCli(work);
    var r =
        cli.run(
            runs.settings(ns),
            KubernetesRuns.flow("SleepyFlow", work),
            "run",
            "--with",
            "retry:times=1,minutesBetweenRetries=0",
            "--with",
            "kubernetes:memory=128,qos=Guaranteed,oomMemoryFactor=8",
            "--with",
            // every JVM of the pod touches a 512 MiB heap at once: over 128 MB, within 1024 MB
            "environment:vars=[\"SLEEPY_MILLIS=0\",\"JAVA_TOOL_OPTIONS=-Xms512m -Xmx512m"
                + " -XX:+AlwaysPreTouch\"]");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.err())
        .contains("OOM-killed")
        .contains("asks for 1024 MB of memory instead of 128 MB after 1 OOM kill");
    // start's own @Kubernetes(memory = 768) wins over --with: 'end' is the step that is OOM-killed
    assertThat(r.out()).contains("start ended on attempt 0");
    var retried =
        ns.client().batch().v1().jobs().list().getItems().stream()
            .filter(j -> "1".equals(j.getMetadata().getAnnotations().get("flowline.dev/attempt")))
            .filter(j -> j.getMetadata().getName().startsWith("sleepyflow-end-"))
            .findFirst()
            .orElseThrow();
    assertThat(
            retried
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources()
                .getLimits()
                .get("memory")
                .toString())
        .isEqualTo("1024M");
    // the step-up is in the attempt's metadata, beside where it ran
    try (FlowlineClient client = runs.client(runs.settings(ns), work)) {
      var end = client.flow("SleepyFlow").latestRun().orElseThrow().step("end").task();
      assertThat(end.attempts()).hasSize(2);
      // attempt 0 was killed before its JVM ran any code: the runtime recorded it
      assertThat(end.attempts().get(0).info())
          .containsEntry("executor", "kubernetes")
          .doesNotContainKey("memory-step-up");
      assertThat(end.attempts().get(1).info())
          .containsEntry("executor", "kubernetes")
          .containsEntry("memory-mb", "1024")
          .containsEntry("memory-step-up", "from 128 MB after 1 OOM kill")
          .containsEntry("kubernetes-pod-namespace", ns.name())
          .hasEntrySatisfying(
              "kubernetes-pod-name", name -> assertThat(name).startsWith("sleepyflow-end-"));
    }
  }

  @Test
  void aSecretDeletedAfterTheRunStartedFailsTheTaskAtOnceNamingIt(TestNamespace ns)
      throws Exception {
    ns.client()
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("train-creds")
                .endMetadata()
                .addToStringData("TOKEN", "t0k3n")
                .build())
        .create();
    var settings = new HashMap<>(runs.settings(ns));
    settings.put("METAFLOW_KUBERNETES_SECRETS", "s3-credentials,train-creds");
    var cli = new FlowlineCli(work);
    // preflight finds the Secret; it is deleted while 'start' runs, before 'end' gets its pod
    Process p =
        cli.start(
            settings,
            KubernetesRuns.flow("SleepyFlow", work),
            "run",
            "--with",
            "kubernetes",
            "--with",
            "environment:vars=[\"SLEEPY_MILLIS=5000\"]");
    assertThat(KubernetesRuns.await(120, () -> cli.outSafe().contains("attempt 0 sleeps")))
        .as(cli.errSafe())
        .isTrue();
    ns.client().secrets().withName("train-creds").delete();
    // the pending timeout (600 s) is not waited for: a missing Secret is a permanent cause
    assertThat(p.waitFor(240, TimeUnit.SECONDS)).as(cli.errSafe()).isTrue();
    String err = cli.errSafe();
    assertThat(p.exitValue()).as(cli.outSafe() + err).isEqualTo(1);
    assertThat(err)
        .contains("refers to Secret train-creds, which does not exist")
        .contains("secret \"train-creds\" not found")
        .contains("Create Secret train-creds in namespace " + ns.name())
        .contains("METAFLOW_KUBERNETES_SECRETS")
        .doesNotContain("t0k3n");
    assertThat(cli.outSafe()).doesNotContain("start ended on attempt");
  }

  @Test
  void podsTheQuotaHasNoRoomForYetWaitForItAndRun(TestNamespace ns) throws Exception {
    ns.client()
        .resourceQuotas()
        .resource(
            new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("one-pod")
                .endMetadata()
                .withNewSpec()
                .addToHard("pods", new io.fabric8.kubernetes.api.model.Quantity("1"))
                .endSpec()
                .build())
        .create();
    // the quota controller must have counted the namespace before the run asks
    assertThat(
            KubernetesRuns.await(
                30,
                () -> {
                  var q = ns.client().resourceQuotas().withName("one-pod").get();
                  return q.getStatus() != null && q.getStatus().getUsed() != null;
                }))
        .isTrue();
    var cli = new FlowlineCli(work);
    var r = cli.run(runs.settings(ns), KubernetesRuns.flow("MixedFlow", work), "run");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.err()).contains("waiting for quota one-pod: requested pods=1, used pods=1");
    assertThat(r.out()).contains("squares [1, 4, 9]");
  }

  @Test
  void aTaskWhoseNodeIsLostRunsAgainElsewhere(TestNamespace ns) throws Exception {
    var cli = new FlowlineCli(work);
    Process p =
        cli.start(
            runs.settings(ns),
            KubernetesRuns.flow("SleepyFlow", work),
            "run",
            "--with",
            "environment:vars=[\"SLEEPY_ONCE=1\",\"SLEEPY_MILLIS=600000\"]",
            "--with",
            // leave an unreachable node after 1 s instead of Kubernetes' default 300 s
            "kubernetes:tolerations=[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\","
                + "\"effect\":\"NoExecute\",\"tolerationSeconds\":1}]");
    assertThat(KubernetesRuns.await(120, () -> cli.outSafe().contains("attempt 0 sleeps")))
        .as(cli.errSafe())
        .isTrue();
    var pod = ns.client().pods().list().getItems().get(0);
    String node = pod.getSpec().getNodeName();
    // the node agent stops the node's heartbeats: the node lifecycle controller marks it
    // unreachable
    ns.client()
        .nodes()
        .withName(node)
        .edit(
            n -> {
              n.getMetadata().getAnnotations().put("testkit.flowline.dev/fault", "lost");
              return n;
            });
    try {
      assertThat(p.waitFor(240, TimeUnit.SECONDS)).as(cli.errSafe()).isTrue();
      String err = cli.errSafe();
      assertThat(p.exitValue()).as(cli.outSafe() + err).isZero();
      assertThat(err)
          .contains("was disrupted (")
          .contains("running it again (1 of 3 for infrastructure failures; @Retry is not used up)");
      assertThat(cli.outSafe()).contains("start ended on attempt 1");
    } finally {
      ns.client()
          .nodes()
          .withName(node)
          .edit(
              n -> {
                n.getMetadata().getAnnotations().remove("testkit.flowline.dev/fault");
                return n;
              });
    }
  }
}
