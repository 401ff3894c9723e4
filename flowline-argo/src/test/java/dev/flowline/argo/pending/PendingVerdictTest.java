package dev.flowline.argo.pending;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PendingVerdict} on pods of a deployed run as the scheduler and the kubelet leave them:
 * when the watchdog fails a step's pod, and with what message.
 */
class PendingVerdictTest {
  private static final Instant CREATED = Instant.parse("2026-12-07T10:00:00Z");

  private static final String SCHEDULER =
      "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption:"
          + " 0/1 nodes are available: 1 Preemption is not helpful for scheduling.";

  /** A Pending pod of step {@code stuck} with a pending timeout of 20 s. */
  private static PodBuilder pod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("stuckflow-abcde-stuck-123")
        .withNamespace("ns")
        .withUid("uid-1")
        .withCreationTimestamp(CREATED.toString())
        .addToAnnotations(PendingVerdict.TIMEOUT_ANNOTATION, "20")
        .addToAnnotations("flowline.dev/step", "stuck")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("eclipse-temurin:17-jre")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .endStatus();
  }

  private static Pod unschedulable() {
    return pod()
        .editStatus()
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("False")
        .withReason("Unschedulable")
        .withMessage(SCHEDULER)
        .endCondition()
        .endStatus()
        .build();
  }

  private static Pod onNode(String waitingReason, String message) {
    return pod()
        .editSpec()
        .withNodeName("node-1")
        .endSpec()
        .editStatus()
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("True")
        .endCondition()
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName("main")
                .withImage("eclipse-temurin:17-jre")
                .withReady(false)
                .withRestartCount(0)
                .withNewState()
                .withNewWaiting()
                .withReason(waitingReason)
                .withMessage(message)
                .endWaiting()
                .endState()
                .build())
        .endStatus()
        .build();
  }

  @Test
  void anUnschedulablePodWaitsUntilItsPendingTimeoutThenFailsWithTheSchedulersMessage() {
    Pod p = unschedulable();
    assertThat(PendingVerdict.of(p, List.of(), CREATED.plusSeconds(19))).isEmpty();
    assertThat(PendingVerdict.progress(p, List.of()))
        .hasValueSatisfying(line -> assertThat(line).contains(SCHEDULER.substring(0, 40)));

    var f = PendingVerdict.of(p, List.of(), CREATED.plusSeconds(21)).orElseThrow();
    assertThat(f.reason()).isEqualTo("PendingTimeout");
    assertThat(f.message())
        .startsWith("flowline: no node can take the pod (Kubernetes: " + SCHEDULER + ")")
        .contains("The pod waited 21 s, longer than the pending timeout of 20 s")
        .contains("@Kubernetes(pendingTimeout), METAFLOW_KUBERNETES_PENDING_TIMEOUT");
  }

  @Test
  void aPodNoSchedulerHasLookedAtFailsAtItsPendingTimeoutToo() {
    Pod p = pod().build();
    assertThat(PendingVerdict.of(p, List.of(), CREATED.plusSeconds(5))).isEmpty();
    var f = PendingVerdict.of(p, List.of(), CREATED.plusSeconds(60)).orElseThrow();
    assertThat(f.reason()).isEqualTo("PendingTimeout");
    assertThat(f.message()).contains("the pod was not scheduled to any node");
  }

  @Test
  void anImageThatDoesNotExistFailsAtOnce() {
    Pod p =
        onNode(
            "ErrImagePull",
            "rpc error: code = NotFound desc = failed to pull and unpack image"
                + " \"docker.io/library/eclipse-temurin:17-jre\": not found");
    var f = PendingVerdict.of(p, List.of(), CREATED.plusSeconds(3)).orElseThrow();
    assertThat(f.reason()).isEqualTo("FailedToStart");
    assertThat(f.message()).startsWith("flowline: the image").contains("does not exist");
  }

  @Test
  void aPodWhoseContainersAreBeingCreatedIsLeftAloneUntilItsTimeout() {
    Pod p = onNode("ContainerCreating", "");
    assertThat(PendingVerdict.of(p, List.of(), CREATED.plusSeconds(10))).isEmpty();
    assertThat(PendingVerdict.of(p, List.of(), CREATED.plusSeconds(30)))
        .hasValueSatisfying(f -> assertThat(f.reason()).isEqualTo("PendingTimeout"));
  }

  @Test
  void podsThatAreNotPendingStepPodsAreNeverFailed() {
    Instant late = CREATED.plusSeconds(3600);
    // the exit hook's and the watchdog's own pods carry no pending timeout
    Pod noTimeout =
        new PodBuilder(unschedulable())
            .editMetadata()
            .removeFromAnnotations(PendingVerdict.TIMEOUT_ANNOTATION)
            .endMetadata()
            .build();
    assertThat(PendingVerdict.of(noTimeout, List.of(), late)).isEmpty();
    Pod running =
        new PodBuilder(unschedulable()).editStatus().withPhase("Running").endStatus().build();
    assertThat(PendingVerdict.of(running, List.of(), late)).isEmpty();
    Pod deleting =
        new PodBuilder(unschedulable())
            .editMetadata()
            .withDeletionTimestamp(CREATED.plusSeconds(30).toString())
            .endMetadata()
            .build();
    assertThat(PendingVerdict.of(deleting, List.of(), late)).isEmpty();
    Pod badTimeout =
        new PodBuilder(unschedulable())
            .editMetadata()
            .addToAnnotations(PendingVerdict.TIMEOUT_ANNOTATION, "soon")
            .endMetadata()
            .build();
    assertThat(PendingVerdict.of(badTimeout, List.of(), late)).isEmpty();
  }
}
