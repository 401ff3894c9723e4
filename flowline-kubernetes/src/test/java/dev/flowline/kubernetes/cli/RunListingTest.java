package dev.flowline.kubernetes.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flowline.kubernetes.launch.RunObjects;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.kubernetes.render.MetadataFeature;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code kubernetes list} makes of Jobs and pods, from plain objects. */
class RunListingTest {
  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

  private static Job job(String ns, String name, String step, String task, int attempt) {
    return new JobBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .withCreationTimestamp("2026-05-01T11:58:00Z")
        .addToAnnotations(MetadataFeature.STEP, step)
        .addToAnnotations(MetadataFeature.TASK, task)
        .addToAnnotations(MetadataFeature.ATTEMPT, Integer.toString(attempt))
        .endMetadata()
        .withNewSpec()
        .withParallelism(1)
        .endSpec()
        .build();
  }

  private static PodBuilder pod(Job job, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(job.getMetadata().getNamespace())
        .withName(job.getMetadata().getName() + "-abcde")
        .withCreationTimestamp("2026-05-01T11:59:15Z")
        .addToLabels("batch.kubernetes.io/job-name", job.getMetadata().getName())
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .endStatus();
  }

  @Test
  void aJobWithoutPodShowsWhyFromTheJobControllersWarning() {
    var j = job("ml", "flow-train-1", "train", "2", 0);
    var warning =
        new EventBuilder()
            .withType("Warning")
            .withReason("FailedCreate")
            .withMessage(
                "Error creating: pods \"flow-train-1-x\" is forbidden: exceeded quota: compute,"
                    + " requested: requests.cpu=2, used: requests.cpu=3, limited: requests.cpu=4")
            .build();

    var rows =
        RunListing.rows(new RunObjects(List.of(j), List.of(), Map.of("flow-train-1", warning)));

    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).phase()).isEqualTo("Pending");
    assertThat(rows.get(0).reason()).isEqualTo("FailedCreate");
    assertThat(rows.get(0).pod()).isNull();
    assertThat(RunListing.table(rows, NOW))
        .isEqualTo(
            "STEP   TASK  ATTEMPT  PHASE    REASON        NODE  AGE  NAME              MESSAGE\n"
                + "train  2     0        Pending  FailedCreate  -     2m   job/flow-train-1  Error"
                + " creating: pods \"flow-train-1-x\" is forbidden: exceeded quota: compute,"
                + " requested: requests.cpu=2, used: requests.cpu=3, limited: requests.cpu=4\n");
  }

  @Test
  void podReasonsComeFromThePodThenTheContainerThenScheduling() {
    var evicted = job("ml", "f-a", "a", "1", 0);
    var pulling = job("ml", "f-b", "b", "2", 1);
    var oom = job("ml", "f-c", "c", "3", 0);
    Pod evictedPod =
        pod(evicted, "Failed")
            .editStatus()
            .withReason("Evicted")
            .withMessage("The node was low on resource: memory.")
            .endStatus()
            .editSpec()
            .withNodeName("node-1")
            .endSpec()
            .build();
    Pod pullingPod =
        pod(pulling, "Pending")
            .editStatus()
            .addToContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("main")
                    .withNewState()
                    .withNewWaiting()
                    .withReason("ImagePullBackOff")
                    .withMessage("Back-off pulling image \"nope:1\"")
                    .endWaiting()
                    .endState()
                    .build())
            .endStatus()
            .build();
    Pod oomPod =
        pod(oom, "Failed")
            .editStatus()
            .addToContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("main")
                    .withNewState()
                    .withNewTerminated()
                    .withReason("OOMKilled")
                    .withExitCode(137)
                    .endTerminated()
                    .endState()
                    .build())
            .endStatus()
            .build();

    var rows =
        RunListing.rows(
            new RunObjects(
                List.of(evicted, pulling, oom), List.of(evictedPod, pullingPod, oomPod), Map.of()));

    assertThat(rows)
        .extracting(RunListing.Row::phase, RunListing.Row::reason, RunListing.Row::node)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Failed", "Evicted", "node-1"),
            org.assertj.core.groups.Tuple.tuple("Pending", "ImagePullBackOff", ""),
            org.assertj.core.groups.Tuple.tuple("Failed", "OOMKilled (exit 137)", ""));
    assertThat(rows.get(1).attempt()).isEqualTo("1");
    assertThat(rows.get(1).message()).isEqualTo("Back-off pulling image \"nope:1\"");
  }

  @Test
  void finishedAndStoppedJobsWithoutPods() {
    var stopped =
        new JobBuilder(job("ml", "f-a", "a", "1", 0))
            .editSpec()
            .withParallelism(0)
            .endSpec()
            .build();
    var failed =
        new JobBuilder(job("ml", "f-b", "b", "2", 0))
            .withNewStatus()
            .addNewCondition()
            .withType("Failed")
            .withStatus("True")
            .withReason("DeadlineExceeded")
            .withMessage("Job was active longer than specified deadline")
            .endCondition()
            .endStatus()
            .build();

    var rows = RunListing.rows(new RunObjects(List.of(stopped, failed), List.of(), Map.of()));

    assertThat(rows)
        .extracting(RunListing.Row::phase, RunListing.Row::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Stopped", ""),
            org.assertj.core.groups.Tuple.tuple("Failed", "DeadlineExceeded"));
  }

  @Test
  void severalNamespacesGetAColumn() {
    var a = job("ml", "f-a", "a", "1", 0);
    var b = job("etl", "f-b", "b", "2", 0);

    var table =
        RunListing.table(RunListing.rows(new RunObjects(List.of(a, b), List.of(), Map.of())), NOW);

    assertThat(table.lines().toList())
        .containsExactly(
            "NAMESPACE  STEP  TASK  ATTEMPT  PHASE    REASON  NODE  AGE  NAME     MESSAGE",
            "ml         a     1     0        Pending  -       -     2m   job/f-a  no pod yet",
            "etl        b     2     0        Pending  -       -     2m   job/f-b  no pod yet");
  }

  @Test
  void agesAreCoarse() {
    assertThat(RunListing.age(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(RunListing.age(Duration.ofMinutes(12))).isEqualTo("12m");
    assertThat(RunListing.age(Duration.ofHours(5))).isEqualTo("5h");
    assertThat(RunListing.age(Duration.ofDays(3))).isEqualTo("3d");
  }

  @Test
  void aFailedGangIsItsJobSetsRowWithTheControllersReasonThenItsNodesPods() {
    var jobSet =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("jobset.x-k8s.io/v1alpha2")
            .withKind("JobSet")
            .withNewMetadata()
            .withNamespace("ml")
            .withName("gang")
            .withCreationTimestamp("2026-05-01T11:58:00Z")
            .addToAnnotations(MetadataFeature.STEP, "train")
            .addToAnnotations(MetadataFeature.TASK, "2-4")
            .addToAnnotations(MetadataFeature.ATTEMPT, "1")
            .endMetadata()
            .build();
    jobSet.setAdditionalProperty("spec", Map.of());
    jobSet.setAdditionalProperty(
        "status",
        Map.of(
            "conditions",
            List.of(
                Map.of(
                    "type",
                    "Failed",
                    "status",
                    "True",
                    "reason",
                    "FailedJobs",
                    "message",
                    "jobset failed due to one or more job failures"))));
    var control =
        new JobBuilder(job("ml", "gang-control-0", "train", "2", 1))
            .editMetadata()
            .addToLabels(RunObjects.JOBSET_LABEL, "gang")
            .endMetadata()
            .build();
    var workers =
        new JobBuilder(job("ml", "gang-worker-0", "train", "3-4", 1))
            .editMetadata()
            .addToLabels(RunObjects.JOBSET_LABEL, "gang")
            .endMetadata()
            .build();
    var worker =
        pod(workers, "Failed")
            .editMetadata()
            .addToLabels("batch.kubernetes.io/job-completion-index", "1")
            .addToAnnotations(JobSetRenderer.CONTROL_TASK_ANNOTATION, "2")
            .endMetadata()
            .build();

    var rows =
        RunListing.rows(
            new RunObjects(List.of(control, workers), List.of(worker), Map.of(), List.of(jobSet)));

    assertThat(rows)
        .extracting(
            RunListing.Row::task,
            RunListing.Row::phase,
            RunListing.Row::reason,
            RunListing.Row::job,
            RunListing.Row::pod,
            RunListing.Row::jobSet)
        .containsExactly(
            tuple("2-4", "Failed", "FailedJobs", null, null, "gang"),
            tuple("2", "Pending", "", "gang-control-0", null, "gang"),
            tuple("4", "Failed", "", "gang-worker-0", "gang-worker-0-abcde", "gang"));
    assertThat(rows.get(0).message()).isEqualTo("jobset failed due to one or more job failures");
    assertThat(RunListing.table(rows, NOW)).contains("jobset/gang").contains("job/gang-control-0");
  }
}
