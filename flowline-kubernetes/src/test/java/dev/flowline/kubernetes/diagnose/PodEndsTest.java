package dev.flowline.kubernetes.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link PodEnds} on pods and Jobs as the kubelet, the scheduler, the taint manager, PodGC and the
 * Job controller leave them (fixtures in {@code src/test/resources/diagnose}).
 */
class PodEndsTest {
  private static PodEnd end(String fixture) {
    return Fixture.load(fixture).end().orElseThrow(() -> new AssertionError("expected an end"));
  }

  @Test
  void aRunningPodHasNotEnded() {
    assertThat(Fixture.load("running").end()).isEmpty();
    assertThat(Fixture.load("image-not-found-backoff").end()).isEmpty();
  }

  @Test
  void exitZeroSucceeds() {
    PodEnd e = end("end-succeeded");
    assertThat(e.cause()).isEqualTo(EndCause.SUCCEEDED);
    assertThat(e.budget()).isEqualTo(RetryBudget.NONE);
    assertThat(e.succeeded()).isTrue();
    assertThat(e.exitCode()).contains(0);
  }

  @Test
  void exitOneIsTheTasksOwnFailure() {
    PodEnd e = end("end-user-failure");
    assertThat(e.cause()).isEqualTo(EndCause.USER_FAILURE);
    assertThat(e.budget()).isEqualTo(RetryBudget.USER);
    assertThat(e.message())
        .isEqualTo(
            "the task failed (exit code 1) (Kubernetes: Error, exit code 1; last line: at"
                + " com.example.TrainFlow.train(TrainFlow.java:42)). The task's log and its"
                + " recorded exception say why.");
  }

  @Test
  void anOomKillNamesTheMemoryLimitAndItsSettings() {
    PodEnd e = end("end-oom-with-limit");
    assertThat(e.cause()).isEqualTo(EndCause.OOM_KILLED);
    assertThat(e.budget()).isEqualTo(RetryBudget.USER);
    assertThat(e.exitCode()).contains(137);
    assertThat(e.message())
        .isEqualTo(
            "container train was OOM-killed (exit code 137) (Kubernetes: OOMKilled, exit code"
                + " 137). It used its memory limit of 4096 MB (resources.limits.memory: 4096M)."
                + " Raise it with @Kubernetes(memory = ...), @Resources(memory = ...) or"
                + " METAFLOW_KUBERNETES_MEMORY. With oomMemoryFactor (@Kubernetes(oomMemoryFactor"
                + " = 1.5) or METAFLOW_KUBERNETES_OOM_MEMORY_FACTOR) each retry after an OOM kill"
                + " asks for more by itself.");
  }

  @Test
  void anOomKillWithoutALimitExplainsBurstable() {
    assertThat(end("end-oom-burstable").fix())
        .startsWith(
            "It has no memory limit (QoS Burstable), so the node ran out of memory while it used"
                + " more than its request of 4096 MB (resources.requests.memory) and the kernel"
                + " killed it.");
  }

  @Test
  void anInitContainersOomKillIsNotBlamedOnTheStepsMemory() {
    PodEnd e = end("end-init-oom");
    assertThat(e.cause()).isEqualTo(EndCause.OOM_KILLED);
    assertThat(e.summary()).isEqualTo("init container fetch-code was OOM-killed (exit code 137)");
    assertThat(e.fix())
        .isEqualTo(
            "It used its memory limit of 256 MB (resources.limits.memory: 256M). That limit"
                + " belongs to the init container, not to the step's memory.");
  }

  @Test
  void anInitContainersFailureIsACrashNotTheTasksFailure() {
    Fixture f = Fixture.load("end-init-oom");
    var pod =
        new io.fabric8.kubernetes.api.model.PodBuilder(f.pod())
            .editStatus()
            .editFirstInitContainerStatus()
            .editState()
            .editTerminated()
            .withExitCode(1)
            .withReason("Error")
            .endTerminated()
            .endState()
            .endInitContainerStatus()
            .endStatus()
            .build();
    PodEnd e = PodEnds.classify(pod, f.job(), List.of()).orElseThrow();
    assertThat(e.cause()).isEqualTo(EndCause.CRASHED);
    assertThat(e.summary())
        .isEqualTo("init container fetch-code failed (exit code 1) before the task started");
  }

  @Test
  void signalsAreExplained() {
    PodEnd kill = end("end-sigkill");
    assertThat(kill.cause()).isEqualTo(EndCause.SIGNAL);
    assertThat(kill.summary()).isEqualTo("container train was ended by SIGKILL (exit code 137)");
    assertThat(kill.fix()).startsWith("Something outside the task killed it at once");
    PodEnd segv = end("end-segfault");
    assertThat(segv.summary()).isEqualTo("container train was ended by SIGSEGV (exit code 139)");
    assertThat(segv.evidence())
        .isEqualTo("Error, exit code 139; last line: # C  [libtorch_cpu.so+0x3a4e10]");
    assertThat(segv.fix()).startsWith("A segmentation fault in native code");
    PodEnd abort = end("end-abort");
    assertThat(abort.summary()).isEqualTo("container train was ended by SIGABRT (exit code 134)");
    assertThat(abort.budget()).isEqualTo(RetryBudget.USER);
  }

  @Test
  void otherExitCodesAreCrashes() {
    PodEnd two = end("end-exit-2");
    assertThat(two.cause()).isEqualTo(EndCause.CRASHED);
    assertThat(two.summary())
        .isEqualTo(
            "the step command refused to run (exit code 2: bad usage, configuration or flow"
                + " graph)");
    PodEnd start = end("end-start-error");
    assertThat(start.cause()).isEqualTo(EndCause.CRASHED);
    assertThat(start.summary()).isEqualTo("container train could not start");
    assertThat(start.evidence()).contains("exec: \"sh\": executable file not found in $PATH");
  }

  @Test
  void anEvictionUnderNodeMemoryPressureIsInfrastructure() {
    PodEnd e = end("end-evicted-memory-pressure");
    assertThat(e.cause()).isEqualTo(EndCause.EVICTED);
    assertThat(e.infrastructure()).isTrue();
    assertThat(e.message())
        .isEqualTo(
            "node node-a evicted the pod because it ran short of memory (Kubernetes: The node was"
                + " low on resource: memory. Threshold quantity: 100Mi, available: 91340Ki."
                + " Container train was using 6871234Ki, request is 4096M, has larger consumption"
                + " of memory.). The pod used more memory than it requested (4096 MB), which makes"
                + " it the first to go when the node runs short: ask for what it uses with"
                + " @Kubernetes(memory = ...), @Resources(memory = ...) or"
                + " METAFLOW_KUBERNETES_MEMORY, or reserve it with @Kubernetes(qos ="
                + " \"Guaranteed\"). Flowline runs the attempt again, up to infrastructureRetries"
                + " (@Kubernetes(infrastructureRetries = ...) or"
                + " METAFLOW_KUBERNETES_INFRASTRUCTURE_RETRIES).");
  }

  @Test
  void anEvictionForPassingItsOwnLimitsIsTheStepsToFix() {
    PodEnd disk = end("end-evicted-disk-limit");
    assertThat(disk.cause()).isEqualTo(EndCause.EVICTED);
    assertThat(disk.budget()).isEqualTo(RetryBudget.USER);
    assertThat(disk.fix())
        .isEqualTo(
            "Raise disk with @Kubernetes(disk = ...), @Resources(disk = ...) or"
                + " METAFLOW_KUBERNETES_DISK.");
    PodEnd tmpfs = end("end-evicted-tmpfs");
    assertThat(tmpfs.budget()).isEqualTo(RetryBudget.USER);
    assertThat(tmpfs.fix())
        .isEqualTo("Raise tmpfsSize (@Kubernetes(tmpfsSize = ...)), or write less there.");
  }

  @Test
  void aDrainIsAnInfrastructureEviction() {
    PodEnd e = end("end-eviction-api");
    assertThat(e.cause()).isEqualTo(EndCause.EVICTED);
    assertThat(e.infrastructure()).isTrue();
    assertThat(e.evidence()).isEqualTo("Eviction API: evicting");
  }

  @Test
  void lostNodesAreInfrastructure() {
    PodEnd taint = end("end-node-lost-taint-manager");
    assertThat(taint.cause()).isEqualTo(EndCause.NODE_LOST);
    assertThat(taint.infrastructure()).isTrue();
    assertThat(taint.summary())
        .isEqualTo("node node-b became unreachable or not ready, and Kubernetes deleted its pods");
    PodEnd gc = end("end-node-gone-podgc");
    assertThat(gc.cause()).isEqualTo(EndCause.NODE_LOST);
    assertThat(gc.evidence()).isEqualTo("PodGC: node no longer exists");
    PodEnd shutdown = end("end-node-shutdown");
    assertThat(shutdown.cause()).isEqualTo(EndCause.NODE_LOST);
    assertThat(shutdown.summary())
        .isEqualTo(
            "node node-a shut down (a spot or preemptible instance reclaimed, or maintenance)");
  }

  @Test
  void aPreemptionIsInfrastructure() {
    PodEnd e = end("end-preempted");
    assertThat(e.cause()).isEqualTo(EndCause.PREEMPTED);
    assertThat(e.infrastructure()).isTrue();
    assertThat(e.evidence())
        .isEqualTo("default-scheduler: preempting to accommodate a higher priority pod");
  }

  @Test
  void aNodeThatRefusesThePodIsInfrastructure() {
    PodEnd e = end("end-node-rejected");
    assertThat(e.cause()).isEqualTo(EndCause.NODE_REJECTED);
    assertThat(e.infrastructure()).isTrue();
    assertThat(e.summary())
        .isEqualTo("node node-a refused the pod when it arrived (OutOfnvidia.com/gpu)");
  }

  @Test
  void thePodsDeadlineSaysTheLimitAndWhereItComesFrom() {
    PodEnd e = end("end-deadline");
    assertThat(e.cause()).isEqualTo(EndCause.DEADLINE_EXCEEDED);
    assertThat(e.budget()).isEqualTo(RetryBudget.USER);
    assertThat(e.deadline()).contains(Duration.ofHours(1));
    assertThat(e.message())
        .isEqualTo(
            "the pod ran longer than its time limit of 3600 s (1 h) (activeDeadlineSeconds)"
                + " (Kubernetes: Pod was active on the node longer than the specified deadline)."
                + " Flowline sets activeDeadlineSeconds from the step's @Timeout, else"
                + " METAFLOW_DEFAULT_RUNTIME_LIMIT. Kubernetes counts it from when the node accepted"
                + " the pod, so pulling the image and starting the JVM count too (Flowline's own"
                + " @Timeout clock starts with the task). Raise @Timeout or"
                + " METAFLOW_DEFAULT_RUNTIME_LIMIT if the task needs longer.");
  }

  @Test
  void theJobsDeadlineIsReadWhenThereIsNoPod() {
    PodEnd e = end("end-job-deadline");
    assertThat(e.cause()).isEqualTo(EndCause.DEADLINE_EXCEEDED);
    assertThat(e.deadline()).contains(Duration.ofHours(2));
    assertThat(e.evidence())
        .isEqualTo("DeadlineExceeded: Job was active longer than specified deadline");
  }

  @Test
  void aPodDeletedBySomeoneElseIsDeleted() {
    PodEnd e = end("end-deleted");
    assertThat(e.cause()).isEqualTo(EndCause.DELETED);
    assertThat(e.budget()).isEqualTo(RetryBudget.USER);
    assertThat(e.summary())
        .isEqualTo(
            "the pod trainflow-train-0dfbd78a-x7k2p was deleted while it ran, by someone other"
                + " than Flowline");
    assertThat(e.evidence()).isEqualTo("deletionTimestamp 2026-03-02T10:09:50Z");
  }

  @Test
  void aDisruptionAfterSuccessDoesNotUndoIt() {
    Fixture f = Fixture.load("end-succeeded");
    var pod =
        new io.fabric8.kubernetes.api.model.PodBuilder(f.pod())
            .editStatus()
            .addNewCondition()
            .withType("DisruptionTarget")
            .withStatus("True")
            .withReason("EvictionByEvictionAPI")
            .withMessage("Eviction API: evicting")
            .endCondition()
            .endStatus()
            .build();
    assertThat(PodEnds.classify(pod, f.job(), List.of()).map(PodEnd::cause))
        .contains(EndCause.SUCCEEDED);
  }

  @Test
  void aNodeNotReadyEventFromBeforeThePodWasReadyAgainIsIgnored() {
    Fixture lost = Fixture.load("end-node-not-ready-then-gone");
    Fixture ready = Fixture.load("end-running-then-gone");
    assertThat(PodEnds.deleted(ready.pod(), lost.podEvents(), PodEnds.Removed.POD).cause())
        .isEqualTo(EndCause.DELETED);
  }

  @Test
  void aRunningPodThatVanishesWasDeleted() {
    Fixture f = Fixture.load("end-running-then-gone");
    PodEnd pod = PodEnds.deleted(f.pod(), f.podEvents(), PodEnds.Removed.POD);
    assertThat(pod.cause()).isEqualTo(EndCause.DELETED);
    PodEnd job = PodEnds.deleted(f.pod(), f.podEvents(), PodEnds.Removed.JOB);
    assertThat(job.summary())
        .isEqualTo("the task's Job was deleted while it ran, by someone other than Flowline");
    assertThat(PodEnds.deleted(null, List.of(), PodEnds.Removed.JOB).cause())
        .isEqualTo(EndCause.DELETED);
  }

  @Test
  void aPodWhoseNodeStoppedReportingAndThatVanishesWasLostWithTheNode() {
    Fixture f = Fixture.load("end-node-not-ready-then-gone");
    assertThat(f.end()).isEmpty();
    PodEnd e = PodEnds.deleted(f.pod(), f.podEvents(), PodEnds.Removed.POD);
    assertThat(e.cause()).isEqualTo(EndCause.NODE_LOST);
    assertThat(e.infrastructure()).isTrue();
    assertThat(e.message())
        .isEqualTo(
            "node node-b stopped reporting and the pod was lost (Kubernetes: Node is not ready)."
                + " Flowline runs the attempt again, up to infrastructureRetries"
                + " (@Kubernetes(infrastructureRetries = ...) or"
                + " METAFLOW_KUBERNETES_INFRASTRUCTURE_RETRIES).");
  }

  @Test
  void aVanishedPodKeepsTheDisruptionItShowed() {
    Fixture f = Fixture.load("end-node-gone-podgc");
    assertThat(PodEnds.deleted(f.pod(), f.podEvents(), PodEnds.Removed.POD).cause())
        .isEqualTo(EndCause.NODE_LOST);
  }

  @Test
  void theJobAloneTellsSuccessAndFailureWhenThePodIsGone() {
    Fixture ok = Fixture.load("end-succeeded");
    assertThat(PodEnds.classify(null, ok.job(), List.of()).map(PodEnd::cause))
        .contains(EndCause.SUCCEEDED);
    Fixture failed = Fixture.load("end-user-failure");
    Optional<PodEnd> e = PodEnds.classify(null, failed.job(), List.of());
    assertThat(e.map(PodEnd::cause)).contains(EndCause.CRASHED);
    assertThat(e.get().evidence())
        .isEqualTo("BackoffLimitExceeded: Job has reached the specified backoff limit");
  }

  @Test
  void theInputsAreNotChanged() {
    var json = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
    for (String name : List.of("end-oom-with-limit", "end-node-lost-taint-manager")) {
      Fixture f = Fixture.load(name);
      String before = json.asJson(f.pod()) + json.asJson(f.job()) + json.asJson(f.podEvents());
      assertThat(f.end()).isPresent();
      assertThat(PodEnds.deleted(f.pod(), f.podEvents(), PodEnds.Removed.JOB)).isNotNull();
      assertThat(json.asJson(f.pod()) + json.asJson(f.job()) + json.asJson(f.podEvents()))
          .isEqualTo(before);
    }
  }
}
