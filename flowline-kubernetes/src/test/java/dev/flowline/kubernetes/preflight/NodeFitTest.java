package dev.flowline.kubernetes.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeFitTest {
  /** The test cluster's shape: two plain nodes and a tainted one, 4 CPUs and 8Gi each. */
  private static final List<Node> NODES =
      List.of(node("n0", false), node("n1", false), node("n2", true));

  private static Node node(String name, boolean tainted) {
    var b =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels("kubernetes.io/hostname", name)
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .withNewStatus()
            .addToAllocatable("cpu", new Quantity("4"))
            .addToAllocatable("memory", new Quantity("8Gi"))
            .addToAllocatable("ephemeral-storage", new Quantity("100Gi"))
            .endStatus();
    if (tainted) {
      b.editMetadata()
          .addToLabels("pool", "tainted")
          .endMetadata()
          .editSpec()
          .addToTaints(new Taint("NoSchedule", "dedicated", null, "true"))
          .endSpec();
    }
    return b.build();
  }

  private static PodBuilder pod(String cpu) {
    return new PodBuilder()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity("4096M"))
        .endResources()
        .endContainer()
        .endSpec();
  }

  @Test
  void aPodThatSomeNodeCanTakeFits() {
    assertThat(NodeFit.check(pod("2").build(), NODES)).isEmpty();
  }

  @Test
  void tooMuchCpuNamesTheLargestNodeAndOnlyTheFixThatHelps() {
    var verdict = NodeFit.check(pod("64").build(), NODES).orElseThrow();

    assertThat(verdict.reasons())
        .containsExactly(
            "2 have too little allocatable cpu (at most 4)",
            "1 has the untolerated taint dedicated=true:NoSchedule");
    // tolerating the taint would not help: the tainted node is as small
    assertThat(verdict.fixes())
        .containsExactly("cpu 4 or less (@Kubernetes(cpu) or --with kubernetes:cpu=4)");
  }

  @Test
  void aNodeSelectorThatMatchesNothing() {
    Pod pod = pod("1").editSpec().addToNodeSelector("disktype", "ssd").endSpec().build();

    var verdict = NodeFit.check(pod, NODES).orElseThrow();

    assertThat(verdict.reasons())
        .containsExactly("3 lack the labels of the node selector disktype=ssd");
    assertThat(verdict.fixes())
        .containsExactly(
            "a node selector that a node's labels match (kubectl get nodes --show-labels), or"
                + " none");
  }

  @Test
  void aSelectorForTheTaintedPoolNeedsAToleration() {
    Pod pod = pod("1").editSpec().addToNodeSelector("pool", "tainted").endSpec().build();

    var verdict = NodeFit.check(pod, NODES).orElseThrow();

    assertThat(verdict.reasons())
        .containsExactly(
            "2 lack the labels of the node selector pool=tainted",
            "1 has the untolerated taint dedicated=true:NoSchedule");
    assertThat(verdict.fixes())
        .containsExactly(
            "a node selector that a node's labels match (kubectl get nodes --show-labels), or"
                + " none",
            "a toleration for dedicated=true:NoSchedule (--with"
                + " 'kubernetes:tolerations=[{\"key\":\"dedicated\",\"operator\":\"Exists\","
                + "\"effect\":\"NoSchedule\"}]')");
  }

  @Test
  void aTolerationLetsThePodOntoTheTaintedNode() {
    Pod pod =
        pod("1")
            .editSpec()
            .addToNodeSelector("pool", "tainted")
            .addToTolerations(new Toleration("NoSchedule", "dedicated", "Equal", null, "true"))
            .endSpec()
            .build();

    assertThat(NodeFit.check(pod, NODES)).isEmpty();
  }

  @Test
  void aResourceNoNodeHasIsMissingEverywhere() {
    Pod pod =
        pod("1")
            .editSpec()
            .editFirstContainer()
            .editResources()
            .addToLimits("nvidia.com/gpu", new Quantity("1"))
            .endResources()
            .endContainer()
            .endSpec()
            .build();

    var verdict = NodeFit.check(pod, NODES).orElseThrow();

    assertThat(verdict.reasons())
        .containsExactly(
            "2 have too little allocatable nvidia.com/gpu (at most 0)",
            "1 has the untolerated taint dedicated=true:NoSchedule");
    assertThat(verdict.fixes()).containsExactly("a step that does not ask for nvidia.com/gpu");
  }

  @Test
  void tolerationRules() {
    var taint = new Taint("NoSchedule", "k", null, "v");
    assertThat(NodeFit.tolerates(new Toleration(null, null, "Exists", null, null), taint)).isTrue();
    assertThat(NodeFit.tolerates(new Toleration("NoSchedule", "k", "Exists", null, null), taint))
        .isTrue();
    assertThat(NodeFit.tolerates(new Toleration("NoExecute", "k", "Exists", null, null), taint))
        .isFalse();
    assertThat(NodeFit.tolerates(new Toleration(null, "k", "Equal", null, "v"), taint)).isTrue();
    assertThat(NodeFit.tolerates(new Toleration(null, "k", "Equal", null, "w"), taint)).isFalse();
    assertThat(NodeFit.tolerates(new Toleration(null, "other", "Exists", null, null), taint))
        .isFalse();
  }
}
