package dev.flowline.argo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowFollowerTest {
  private static GenericKubernetesResource workflow(Map<String, Object> nodes) {
    var w = new GenericKubernetesResource();
    w.setAdditionalProperty("status", Map.of("phase", "Failed", "nodes", nodes));
    return w;
  }

  private static Map<String, Object> node(
      String id, String type, String template, String phase, String message) {
    return Map.of(
        "id", id,
        "type", type,
        "templateName", template,
        "displayName", template,
        "phase", phase,
        "message", message);
  }

  @Test
  void aPendingTimeoutNamesWhatThePodWaitedForAndTheSettingToChange() {
    var w =
        workflow(
            Map.of(
                "wf-1", node("wf-1", "DAG", "flow-dag", "Failed", "child 'wf-2' failed"),
                "wf-2", node("wf-2", "Pod", "stuck", "Failed", "timeout"),
                "wf-3", node("wf-3", "Pod", "slow", "Succeeded", "")));
    var lines =
        WorkflowFollower.failures(
            w,
            Map.of(
                "wf-2",
                "Unschedulable: 0/1 nodes are available: 1 node(s) didn't match Pod's node"
                    + " affinity/selector."));
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("step stuck (stuck) failed: timeout: its pod was still Pending")
        .contains("it was waiting: Unschedulable: 0/1 nodes are available")
        .contains("METAFLOW_KUBERNETES_PENDING_TIMEOUT");
  }

  @Test
  void anotherFailureIsArgosMessage() {
    var w = workflow(Map.of("wf-2", node("wf-2", "Pod", "flaky", "Failed", "Error (exit code 1)")));
    assertThat(WorkflowFollower.failures(w, Map.of()))
        .containsExactly("step flaky (flaky) failed: Error (exit code 1)");
  }
}
