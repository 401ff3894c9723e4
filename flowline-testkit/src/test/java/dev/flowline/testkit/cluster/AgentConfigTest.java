package dev.flowline.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

  private static AgentConfig parse(String labels, String taints) {
    return AgentConfig.parse(
        new String[] {
          "--kubeconfig",
          "k",
          "--state-dir",
          "d",
          "--port",
          "1",
          "--nodes",
          "3",
          "--node-labels",
          labels,
          "--node-taints",
          taints
        });
  }

  @Test
  void labelsAndTaintsGoToEveryNodeOrToTheNumberedOne() {
    var config = parse("zone=a,2/pool=gpu", "2/gpu=true:NoSchedule");

    assertThat(config.labelsOf(0)).containsExactly(java.util.Map.entry("zone", "a"));
    assertThat(config.labelsOf(2)).containsEntry("zone", "a").containsEntry("pool", "gpu");
    assertThat(config.taintsOf(0)).isEmpty();
    assertThat(config.taintsOf(2))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getKey()).isEqualTo("gpu");
              assertThat(t.getValue()).isEqualTo("true");
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
  }

  @Test
  void everyBadValueIsReportedAtOnce() {
    assertThatThrownBy(() -> parse("zone", "gpu:Sometimes"))
        .hasMessage(
            "node agent: bad command line: --node-labels: 'zone' is not key=value; give e.g. --node-labels"
                + " pool=gpu,1/zone=a (N/ for node N only); --node-taints: 'gpu:Sometimes' is not key[=value]:Effect with"
                + " Effect one of NoSchedule, PreferNoSchedule, NoExecute; give e.g. --node-taints gpu=true:NoSchedule or"
                + " 1/gpu=true:NoSchedule (node 1 only)");
  }

  @Test
  void extendedResourcesGoToEveryNodeOrToTheNumberedOneAndBadOnesAreNamed() {
    var config =
        AgentConfig.parse(
            new String[] {
              "--kubeconfig",
              "k",
              "--state-dir",
              "d",
              "--port",
              "1",
              "--nodes",
              "2",
              "--node-extended-resources",
              "example.com/dongle=1,1/nvidia.com/gpu=2"
            });

    assertThat(config.extendedResourcesOf(0)).containsExactly(Map.entry("example.com/dongle", "1"));
    assertThat(config.extendedResourcesOf(1))
        .containsExactly(Map.entry("example.com/dongle", "1"), Map.entry("nvidia.com/gpu", "2"));
    assertThatThrownBy(
            () ->
                AgentConfig.parse(
                    new String[] {
                      "--kubeconfig",
                      "k",
                      "--state-dir",
                      "d",
                      "--port",
                      "1",
                      "--node-extended-resources",
                      "gpu=2,nvidia.com/gpu=1.5"
                    }))
        .hasMessageContaining(
            "--node-extended-resources: 'gpu=2' is not domain/name=COUNT (an extended resource"
                + " outside kubernetes.io, a whole number); give e.g. --node-extended-resources"
                + " nvidia.com/gpu=2 or 1/nvidia.com/gpu=2,1/amd.com/gpu=1 (N/ for node N only)")
        .hasMessageContaining("'nvidia.com/gpu=1.5' is not domain/name=COUNT");
  }
}
