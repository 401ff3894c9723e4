package dev.flowline.kubernetes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.kubernetes.TestSteps;
import dev.flowline.metadata.NewRun;
import dev.flowline.runtime.RunStore;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubernetes list} and {@code kubernetes kill} against Jobs made as the launcher makes them
 * (same renderer, so the same labels and annotations), whose pods run busybox on the test cluster's
 * node agent: one that finished, one that runs, one that cannot be scheduled, and one of another
 * run that neither command may touch.
 */
@ExtendWith(TestClusterExtension.class)
class ListAndKillCommandTest {
  @TempDir Path tmp;

  private TestSteps steps(TestNamespace ns) {
    return TestSteps.in(tmp, ns.name())
        .env("KUBECONFIG", ns.cluster().kubeconfig().toString())
        .step("start")
        .step("train")
        .step("end");
  }

  private static Job create(KubernetesClient client, Job job) {
    return client.batch().v1().jobs().resource(job).create();
  }

  private static Pod podOf(KubernetesClient client, Job job, Predicate<Pod> condition) {
    String name = job.getMetadata().getName();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < end) {
      var pods =
          client.pods().withLabel("batch.kubernetes.io/job-name", name).list().getItems().stream()
              .filter(condition)
              .toList();
      if (!pods.isEmpty()) {
        return pods.get(0);
      }
      sleep();
    }
    throw new AssertionError("no pod of " + name + " as expected within 90 s");
  }

  private static void sleep() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean phase(Pod p, String phase) {
    return p.getStatus() != null && phase.equals(p.getStatus().getPhase());
  }

  private static boolean unschedulable(Pod p) {
    return p.getStatus() != null
        && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(
                c -> "PodScheduled".equals(c.getType()) && "Unschedulable".equals(c.getReason()));
  }

  @Test
  void listShowsEachTaskWithItsPhaseReasonNodeAndAge(TestNamespace ns) throws Exception {
    var s = steps(ns);
    var client = ns.client();
    var done = create(client, s.job("start", "7", "1", 0, "true"));
    var running = create(client, s.job("train", "7", "2", 0, "sleep 600"));
    var nowhere =
        create(
            client,
            new JobBuilder(s.job("end", "7", "3", 0, "true"))
                .editSpec()
                .editTemplate()
                .editSpec()
                .addToNodeSelector("disktype", "ssd")
                .endSpec()
                .endTemplate()
                .endSpec()
                .build());
    create(client, s.job("start", "8", "1", 0, "sleep 600"));
    String doneNode = podOf(client, done, p -> phase(p, "Succeeded")).getSpec().getNodeName();
    var runningPod = podOf(client, running, p -> phase(p, "Running"));
    var nowherePod = podOf(client, nowhere, ListAndKillCommandTest::unschedulable);

    var table = KubernetesCommands.run(s.model(), s.config(), "list", "--run-id", "7");

    assertThat(table.code()).as(table.all()).isZero();
    var lines = table.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0))
        .matches("STEP +TASK +ATTEMPT +PHASE +REASON +NODE +AGE +NAME +MESSAGE");
    assertThat(lines.get(1))
        .matches(
            "start +1 +0 +Succeeded +Completed \\(exit 0\\) +"
                + doneNode
                + " +\\d+s +pod/"
                + done.getMetadata().getName()
                + "-\\w{5}");
    assertThat(lines.get(2))
        .matches(
            "train +2 +0 +Running +- +"
                + runningPod.getSpec().getNodeName()
                + " +\\d+s +pod/"
                + runningPod.getMetadata().getName());
    assertThat(lines.get(3))
        .matches(
            "end +3 +0 +Pending +Unschedulable +- +\\d+s +pod/"
                + nowherePod.getMetadata().getName()
                + " +0/3 nodes are available: .*didn't match Pod's node affinity/selector.*");

    var json = KubernetesCommands.run(s.model(), s.config(), "list", "--run-id", "7", "-o", "json");

    assertThat(json.code()).as(json.all()).isZero();
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(doc.get("flow").asText()).isEqualTo("TrainFlow");
    assertThat(doc.get("run").asText()).isEqualTo("7");
    assertThat(doc.get("namespaces").get(0).asText()).isEqualTo(ns.name());
    var tasks = doc.get("tasks");
    assertThat(tasks).hasSize(3);
    assertThat(tasks.get(2).get("step").asText()).isEqualTo("end");
    assertThat(tasks.get(2).get("task").asText()).isEqualTo("3");
    assertThat(tasks.get(2).get("attempt").asInt()).isZero();
    assertThat(tasks.get(2).get("job").asText()).isEqualTo(nowhere.getMetadata().getName());
    assertThat(tasks.get(2).get("pod").asText()).isEqualTo(nowherePod.getMetadata().getName());
    assertThat(tasks.get(2).get("phase").asText()).isEqualTo("Pending");
    assertThat(tasks.get(2).get("reason").asText()).isEqualTo("Unschedulable");
    assertThat(tasks.get(2).get("node").isNull()).isTrue();
    assertThat(tasks.get(1).get("node").asText()).isEqualTo(runningPod.getSpec().getNodeName());
    assertThat(tasks.get(1).get("ageSeconds").asLong()).isBetween(0L, 300L);
  }

  @Test
  void listFindsTheLatestRunInTheDatastoreAndSaysWhenARunHasNoJobs(TestNamespace ns)
      throws Exception {
    var s = steps(ns);
    var job = create(ns.client(), s.job("start", "8", "1", 0, "true"));
    Path store = tmp.resolve("store");
    var local = s.env("METAFLOW_DATASTORE_SYSROOT_LOCAL", store.toString());
    try (var runs = RunStore.open("local", local.config(), "TrainFlow")) {
      runs.metadata()
          .startRun(new NewRun("TrainFlow", "8", "alice", List.of(), List.of(), Map.of()));
    }

    var latest = KubernetesCommands.run(s.model(), local.config(), "list", "--datastore", "local");
    var none = KubernetesCommands.run(s.model(), s.config(), "list", "--run-id", "9");
    var noRuns =
        KubernetesCommands.run(
            s.model(),
            s.config(),
            "list",
            "--datastore",
            "local",
            "--datastore-root",
            tmp.resolve("empty").toString());

    assertThat(latest.code()).as(latest.all()).isZero();
    assertThat(latest.out()).startsWith("STEP").contains("start ", job.getMetadata().getName());
    assertThat(none.code()).as(none.all()).isZero();
    assertThat(none.out())
        .isEqualTo("Run 9 of TrainFlow has no Jobs in namespace \"" + ns.name() + "\".\n");
    assertThat(noRuns.code()).isEqualTo(2);
    assertThat(noRuns.err())
        .startsWith("kubernetes list: flow TrainFlow has no runs in ")
        .endsWith(". Run it first with 'run'.\n");
  }

  @Test
  void killStopsOrDeletesTheRunsJobsAndIsIdempotent(TestNamespace ns) {
    var s = steps(ns);
    var client = ns.client();
    var done = create(client, s.job("start", "7", "1", 0, "true"));
    var running = create(client, s.job("train", "7", "2", 0, "sleep 600"));
    var other = create(client, s.job("train", "8", "2", 0, "sleep 600"));
    podOf(client, done, p -> phase(p, "Succeeded"));
    podOf(client, running, p -> phase(p, "Running"));
    client
        .batch()
        .v1()
        .jobs()
        .withName(done.getMetadata().getName())
        .waitUntilCondition(
            j ->
                j.getStatus() != null
                    && j.getStatus().getConditions() != null
                    && j.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> c.getType().equals("Complete") && c.getStatus().equals("True")),
            60,
            TimeUnit.SECONDS);
    String n = ns.name();
    String runningJob =
        "Job " + n + "/" + running.getMetadata().getName() + " (train/2, attempt 0)";
    String doneJob = "Job " + n + "/" + done.getMetadata().getName() + " (start/1, attempt 0)";

    var stop =
        KubernetesCommands.run(s.model(), s.config(), "kill", "--run-id", "7", "--task", "train/2");
    var again = KubernetesCommands.run(s.model(), s.config(), "kill", "--run-id", "7");

    assertThat(stop.code()).as(stop.all()).isZero();
    assertThat(stop.out())
        .isEqualTo(
            "stopped "
                + runningJob
                + "\nTask train/2 of run 7 of TrainFlow: 1 Job stopped. Stopped Jobs stay"
                + " (parallelism 0, they never finish) until deleted: kubectl delete job NAME, or"
                + " kill with METAFLOW_KUBERNETES_JOB_TERMINATE_MODE=delete.\n");
    assertThat(
            client
                .batch()
                .v1()
                .jobs()
                .withName(running.getMetadata().getName())
                .get()
                .getSpec()
                .getParallelism())
        .isZero();
    assertThat(again.code()).as(again.all()).isZero();
    assertThat(again.out())
        .isEqualTo(
            "left "
                + doneJob
                + " as it is: it has finished\nleft "
                + runningJob
                + " as it is: stopped already\nRun 7 of TrainFlow: 1 Job finished, 1 Job already"
                + " stopped.\n");

    var deleting = steps(ns).env("METAFLOW_KUBERNETES_JOB_TERMINATE_MODE", "delete");
    var delete =
        KubernetesCommands.run(deleting.model(), deleting.config(), "kill", "--run-id", "7");
    var nothing =
        KubernetesCommands.run(deleting.model(), deleting.config(), "kill", "--run-id", "7");

    assertThat(delete.code()).as(delete.all()).isZero();
    assertThat(delete.out())
        .isEqualTo(
            "deleted "
                + doneJob
                + "\ndeleted "
                + runningJob
                + "\nRun 7 of TrainFlow: 2 Jobs deleted.\n");
    client
        .batch()
        .v1()
        .jobs()
        .withName(running.getMetadata().getName())
        .waitUntilCondition(j -> j == null, 30, TimeUnit.SECONDS);
    assertThat(nothing.code()).as(nothing.all()).isZero();
    assertThat(nothing.out())
        .isEqualTo("Run 7 of TrainFlow has no Jobs in namespace \"" + n + "\": nothing to kill.\n");
    var otherJob = client.batch().v1().jobs().withName(other.getMetadata().getName()).get();
    assertThat(otherJob).as("run 8 is not touched").isNotNull();
    assertThat(otherJob.getSpec().getParallelism()).isEqualTo(1);
  }
}
