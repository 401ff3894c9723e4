package dev.flowline.kubernetes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.kubernetes.TestSteps;
import dev.flowline.kubernetes.launch.JobSets;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubernetes list} and {@code kubernetes kill} of a run with a gang: its attempt's JobSet
 * and Service made as the launcher makes them ({@link JobSetRenderer}, {@link JobSets#create}), on
 * the test cluster with the real JobSet controller, every node running busybox. {@code list} shows
 * the JobSet with its nodes' pods (each with its own task id); {@code kill --task} of one node
 * suspends the whole gang's JobSet ({@code stop}); {@code kill} of the run in {@code delete} mode
 * deletes the JobSet and its Service, never touching another run's objects.
 */
class GangListAndKillCommandTest {
  @RegisterExtension
  static final TestClusterExtension CLUSTER = new TestClusterExtension(List.of("jobset"));

  @TempDir Path tmp;

  private TestSteps steps(TestNamespace ns) {
    return TestSteps.in(tmp, ns.name())
        .env("KUBECONFIG", ns.cluster().kubeconfig().toString())
        .step("start")
        .step("train")
        .parallel("train")
        .step("end");
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within 120 s: " + what);
      }
      Thread.sleep(250);
    }
  }

  private static List<Pod> podsOf(KubernetesClient client, String jobSet) {
    return client
        .pods()
        .withLabel("jobset.sigs.k8s.io/jobset-name", jobSet)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private static boolean running(Pod p) {
    return p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
  }

  @SuppressWarnings("unchecked")
  private static Object suspend(KubernetesClient client, String name) {
    var js =
        client
            .genericKubernetesResources(JobSets.definition(JobSetRenderer.DEFAULT_API_VERSION))
            .withName(name)
            .get();
    return ((Map<String, Object>) js.getAdditionalProperties().get("spec")).get("suspend");
  }

  @Test
  void listShowsTheGangsJobSetWithItsNodesAndKillEndsTheWholeGang(TestNamespace ns)
      throws Exception {
    var s = steps(ns);
    var client = ns.client();
    var gang = s.gang("train", "7", "2", 0, 3, "sleep 600");
    String name = gang.jobSet().getMetadata().getName();
    JobSets.create(client, gang);
    var other = s.gang("train", "8", "2", 0, 2, "sleep 600");
    JobSets.create(client, other);
    String otherName = other.jobSet().getMetadata().getName();
    await(
        "3 running pods of " + name,
        () ->
            podsOf(client, name).stream().filter(GangListAndKillCommandTest::running).count() == 3);

    var table = KubernetesCommands.run(s.model(), s.config(), "list", "--run-id", "7");

    assertThat(table.code()).as(table.all()).isZero();
    var lines = table.out().lines().toList();
    assertThat(lines).as(table.out()).hasSize(5);
    assertThat(lines.get(1)).matches("train +2-4 +0 +Running +- +- +\\d+s +jobset/" + name);
    assertThat(lines.get(2))
        .matches("train +2 +0 +Running +- +\\S+ +\\d+s +pod/" + name + "-control-0-0-\\w{5}");
    assertThat(lines.get(3))
        .matches("train +3 +0 +Running +- +\\S+ +\\d+s +pod/" + name + "-worker-0-0-\\w{5}");
    assertThat(lines.get(4))
        .matches("train +4 +0 +Running +- +\\S+ +\\d+s +pod/" + name + "-worker-0-1-\\w{5}");

    var json = KubernetesCommands.run(s.model(), s.config(), "list", "--run-id", "7", "-o", "json");
    JsonNode tasks = new ObjectMapper().readTree(json.out()).get("tasks");
    assertThat(tasks).hasSize(4);
    assertThat(tasks.get(0).get("jobSet").asText()).isEqualTo(name);
    assertThat(tasks.get(0).get("job").isNull()).isTrue();
    assertThat(tasks.get(2).get("jobSet").asText()).isEqualTo(name);
    assertThat(tasks.get(2).get("job").asText()).isEqualTo(name + "-worker-0");

    // one node of the gang: the whole gang stops (METAFLOW_KUBERNETES_JOB_TERMINATE_MODE=stop)
    var stop =
        KubernetesCommands.run(s.model(), s.config(), "kill", "--run-id", "7", "--task", "train/3");

    assertThat(stop.code()).as(stop.all()).isZero();
    assertThat(stop.out())
        .contains(
            "stopped JobSet "
                + ns.name()
                + "/"
                + name
                + " (gang train/2-4, attempt 0) (suspended: its pods end, it stays)")
        .contains("Task train/3 of run 7 of TrainFlow: 1 JobSet stopped.");
    assertThat(suspend(client, name)).isEqualTo(true);
    await("the stopped gang's pods gone", () -> podsOf(client, name).isEmpty());
    var listed = KubernetesCommands.run(s.model(), s.config(), "list", "--run-id", "7");
    assertThat(listed.out())
        .containsPattern(
            "train +2-4 +0 +Stopped +- +- +\\d+s +jobset/"
                + name
                + " +suspended \\(kubernetes kill or a stopped run\\)");
    var again =
        KubernetesCommands.run(s.model(), s.config(), "kill", "--run-id", "7", "--task", "train/4");
    assertThat(again.out()).contains("as it is: stopped already");

    var delete =
        KubernetesCommands.run(
            s.model(),
            s.env("METAFLOW_KUBERNETES_JOB_TERMINATE_MODE", "delete").config(),
            "kill",
            "--run-id",
            "7");

    assertThat(delete.code()).as(delete.all()).isZero();
    assertThat(delete.out())
        .contains(
            "deleted JobSet "
                + ns.name()
                + "/"
                + name
                + " (gang train/2-4, attempt 0) and its Service")
        .contains("Run 7 of TrainFlow: 1 JobSet deleted.")
        .doesNotContain("Job " + ns.name() + "/" + name + "-");
    var jobSets =
        client.genericKubernetesResources(JobSets.definition(JobSetRenderer.DEFAULT_API_VERSION));
    await("the JobSet deleted", () -> jobSets.withName(name).get() == null);
    assertThat(client.services().withName(name).get()).isNull();
    // the other run's gang is untouched
    assertThat(jobSets.withName(otherName).get()).isNotNull();
    assertThat(suspend(client, otherName)).isNotEqualTo(true);
    assertThat(client.services().withName(otherName).get()).isNotNull();
  }
}
