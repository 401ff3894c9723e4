package dev.flowline.kubernetes.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlimStoreTest {
  private static Pod pod(String resourceVersion, String phase) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("t-1-abcde")
        .withNamespace("ns")
        .withUid("u-1")
        .withResourceVersion(resourceVersion)
        .withLabels(Map.of(RunWatch.JOB_NAME_LABEL, "t-1", "flowline.dev/run", "7", "app", "x"))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withEnv(new EnvVarBuilder().withName("BIG").withValue("x".repeat(10_000)).build())
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .endStatus()
        .build();
  }

  @Test
  void keepsOnlyWhatNamesTheObjectAndItsJob() {
    var store = SlimStore.pods();
    var full = pod("10", "Running");
    String key = store.getKey(full);
    assertThat(key).isEqualTo("ns/t-1-abcde");
    assertThat(store.put(key, full)).isNull();

    Pod stub = store.get(key);
    assertThat(stub.getMetadata().getName()).isEqualTo("t-1-abcde");
    assertThat(stub.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(stub.getMetadata().getResourceVersion()).isEqualTo("10");
    assertThat(stub.getMetadata().getLabels())
        .containsExactly(Map.entry(RunWatch.JOB_NAME_LABEL, "t-1"));
    assertThat(stub.getSpec()).isNull();
    assertThat(stub.getStatus()).isNull();
    assertThat(RunWatch.jobName(stub)).isEqualTo("t-1");
    // the informer compares resource versions of the old (stored) and new objects
    assertThat(store.put(key, pod("11", "Succeeded")).getMetadata().getResourceVersion())
        .isEqualTo("10");
    assertThat(store.isFullState()).isFalse();
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.remove(key).getMetadata().getResourceVersion()).isEqualTo("11");
    assertThat(store.size()).isZero();
  }

  @Test
  void aPodDeletedWhileTheWatchWasDownKeepsTheLastStatusSeen() {
    var store = SlimStore.pods();
    var running = pod("10", "Running");
    store.put(store.getKey(running), running);
    var t = new Tracked(null, null, null, null);
    t.observe(new RunWatch.Update("t-1", null, running, null, false));

    // a relist no longer finds the pod: the informer passes on the stub it holds
    Pod stub = store.remove(store.getKey(running));
    t.observe(new RunWatch.Update("t-1", null, stub, null, true));

    assertThat(t.podDeleted).isTrue();
    assertThat(t.pod.getStatus().getPhase()).isEqualTo("Running");
  }
}
