package dev.flowline.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class PodFaultsTest {

  private static Pod pod(Map<String, String> annotations, String owner) {
    var b =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .withUid("pod-uid-" + owner)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .endContainer()
            .addNewContainer()
            .withName("side")
            .endContainer()
            .endSpec();
    if (owner != null) {
      b.editMetadata()
          .addNewOwnerReference()
          .withController(true)
          .withUid(owner)
          .withKind("Job")
          .withName("j")
          .withApiVersion("batch/v1")
          .endOwnerReference()
          .endMetadata();
    }
    return b.build();
  }

  @Test
  void itemsApplyToTheirContainerOrToAll() throws Exception {
    var faults =
        PodFaults.of(
            pod(
                Map.of(
                    PodFaults.EXIT, "main=OOMKilled@2s,3",
                    PodFaults.START_DELAY, "side=500ms",
                    PodFaults.SLOW_LOGS, "1m"),
                null),
            new ConcurrentHashMap<>());

    assertThat(faults.exit("main")).isEqualTo(new PodFaults.Exit(137, true, 2000));
    assertThat(faults.exit("side")).isEqualTo(new PodFaults.Exit(3, false, 0));
    assertThat(faults.startDelayMillis("side")).isEqualTo(500);
    assertThat(faults.startDelayMillis("main")).isZero();
    assertThat(faults.logDelayMillis("any")).isEqualTo(60_000);
    assertThat(faults.pullFailure("main", "busybox:1.36")).isNull();
  }

  @Test
  void timesCountsOverThePodsOfOneController() throws Exception {
    var counts = new ConcurrentHashMap<String, java.util.concurrent.atomic.AtomicInteger>();
    var annotations = Map.of(PodFaults.EXIT, "7", PodFaults.PULL, "timeout", PodFaults.TIMES, "1");

    var first = PodFaults.of(pod(annotations, "job-1"), counts);
    var retry = PodFaults.of(pod(annotations, "job-1"), counts);
    var otherJob = PodFaults.of(pod(annotations, "job-2"), counts);

    assertThat(first.exit("main")).isNotNull();
    assertThat(retry.exit("main")).isNull();
    assertThat(otherJob.exit("main")).isNotNull();
    assertThat(first.pullFailure("main", "busybox:1.36"))
        .isEqualTo(
            "rpc error: code = Unknown desc = failed to pull and unpack image"
                + " \"docker.io/library/busybox:1.36\": failed to resolve reference"
                + " \"docker.io/library/busybox:1.36\": failed to do request: Head"
                + " \"https://registry-1.docker.io/v2/library/busybox/manifests/1.36\": dial tcp:"
                + " lookup registry-1.docker.io: i/o timeout");
    assertThat(retry.pullFailure("main", "busybox:1.36")).isNull();
  }

  @Test
  void dnsIsolatedIsReadAndOtherValuesAreRefused() throws Exception {
    assertThat(
            PodFaults.of(pod(Map.of(PodFaults.DNS, "isolated"), null), new ConcurrentHashMap<>())
                .dnsIsolated())
        .isTrue();
    assertThat(PodFaults.of(pod(Map.of(), null), new ConcurrentHashMap<>()).dnsIsolated())
        .isFalse();
    assertThatThrownBy(
            () -> PodFaults.of(pod(Map.of(PodFaults.DNS, "off"), null), new ConcurrentHashMap<>()))
        .hasMessageContaining("annotation testkit.flowline.dev/fault-dns: 'off' is not isolated");
  }

  @Test
  void badValuesAreReportedWithTheRule() {
    assertThatThrownBy(
            () ->
                PodFaults.of(
                    pod(
                        Map.of(
                            PodFaults.EXIT,
                            "main=300",
                            PodFaults.PULL,
                            "slow",
                            PodFaults.SLOW_LOGS,
                            "mian=1s",
                            "testkit.flowline.dev/fault-typo",
                            "x"),
                        null),
                    new ConcurrentHashMap<>()))
        .isInstanceOf(PodFaults.Invalid.class)
        .hasMessageContaining(
            "annotation testkit.flowline.dev/fault-exit: 'main=300' is not [container=]CODE[@DURATION]"
                + " with CODE 0-255 or OOMKilled, e.g. main=137@2s; fix the pod's annotation")
        .hasMessageContaining(
            "'slow' is not [container=]KIND with KIND one of not-found, denied, timeout,"
                + " toomanyrequests")
        .hasMessageContaining(
            "annotation testkit.flowline.dev/fault-typo is not a fault the node agent knows")
        .hasMessageContaining(
            "annotation testkit.flowline.dev/fault-slow-logs names container 'mian', which the pod"
                + " does not have; name one of [main, side]");
  }
}
