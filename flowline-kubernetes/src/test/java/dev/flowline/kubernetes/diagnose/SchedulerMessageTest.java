package dev.flowline.kubernetes.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.kubernetes.diagnose.SchedulerMessage.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scheduler's {@code FitError} message read into its parts. */
class SchedulerMessageTest {
  @Test
  void aHistogramOfReasonsAndThePreemptionVerdict() {
    var m =
        SchedulerMessage.parse(
                "0/3 nodes are available: 1 Insufficient memory, 1 node(s) didn't match Pod's node"
                    + " affinity/selector, 1 node(s) had untolerated taint(s). preemption: 0/3"
                    + " nodes are available: 1 No preemption victims found for incoming pod, 2"
                    + " Preemption is not helpful for scheduling.")
            .orElseThrow();
    assertThat(m.nodes()).isEqualTo(3);
    assertThat(m.reasons())
        .containsExactly(
            new Reason(1, "Insufficient memory"),
            new Reason(1, "node(s) didn't match Pod's node affinity/selector"),
            new Reason(1, "node(s) had untolerated taint(s)"));
    assertThat(m.postFilter())
        .contains(
            "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod,"
                + " 2 Preemption is not helpful for scheduling.");
  }

  @Test
  void aPreFilterMessageHoldsForEveryNode() {
    var m =
        SchedulerMessage.parse(
                "0/2 nodes are available: persistentvolumeclaim \"data.v1\" not found. preemption:"
                    + " 0/2 nodes are available: 2 Preemption is not helpful for scheduling.")
            .orElseThrow();
    assertThat(m.reasons())
        .containsExactly(new Reason(2, "persistentvolumeclaim \"data.v1\" not found"));
    assertThat(m.filterPart())
        .isEqualTo("0/2 nodes are available: persistentvolumeclaim \"data.v1\" not found");
  }

  @Test
  void theOlderTaintFormatAndOtherPostFilterPlugins() {
    var m =
        SchedulerMessage.parse(
                "0/6 nodes are available: 3 node(s) had untolerated taint {dedicated: gpu}, 3"
                    + " Insufficient cpu. no new claims to deallocate, preemption: 0/6 nodes are"
                    + " available: 6 Preemption is not helpful for scheduling.")
            .orElseThrow();
    assertThat(m.reasons())
        .containsExactly(
            new Reason(3, "node(s) had untolerated taint {dedicated: gpu}"),
            new Reason(3, "Insufficient cpu"));
    assertThat(m.postFilter()).get().asString().startsWith("no new claims to deallocate, ");
  }

  @Test
  void aMessageWithoutPostFilterPart() {
    var m = SchedulerMessage.parse("0/1 nodes are available: 1 Too many pods.").orElseThrow();
    assertThat(m.reasons()).containsExactly(new Reason(1, "Too many pods"));
    assertThat(m.postFilter()).isEmpty();
  }

  @Test
  void aClusterWithoutNodes() {
    var m = SchedulerMessage.parse("no nodes available to schedule pods").orElseThrow();
    assertThat(m.nodes()).isZero();
  }

  @Test
  void otherTextIsNotTheSchedulersMessage() {
    assertThat(SchedulerMessage.parse("Scheduling is blocked due to non-empty scheduling gates"))
        .isEmpty();
  }

  @Test
  void theDiagnosisOfTheOlderTaintFormatNamesTheTaint() {
    Fixture f = Fixture.load("unschedulable-cpu");
    Stuck s =
        SchedulingDiagnosis.of(
            f.pod(),
            "0/3 nodes are available: 3 node(s) had untolerated taint {dedicated: gpu}."
                + " preemption: 0/3 nodes are available: 3 Preemption is not helpful for"
                + " scheduling.");
    assertThat(s.fix())
        .startsWith("3 of 3 nodes have a taint the pod does not tolerate (dedicated: gpu)");
    assertThat(s.progress()).startsWith("waiting for a node whose taints the pod tolerates: ");
    assertThat(List.of(s.policy())).containsExactly(Stuck.Policy.WAITING);
  }
}
