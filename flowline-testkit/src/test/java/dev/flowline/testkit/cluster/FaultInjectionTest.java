package dev.flowline.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Faults on request (pod annotations, {@link PodFaults}) on the real control plane. */
@ExtendWith(TestClusterExtension.class)
class FaultInjectionTest {

  private static Pod annotated(Pod pod, Map<String, String> annotations) {
    return new PodBuilder(pod).editMetadata().addToAnnotations(annotations).endMetadata().build();
  }

  @Test
  void forcedExitCodesEndTheContainersAsAskedAlsoAsAnOomKill(KubernetesClient client) {
    var pod =
        new PodBuilder(TestPods.shell("forced", "echo started; sleep 60").build())
            .editSpec()
            .addNewContainer()
            .withName("side")
            .withImage("busybox:1.36")
            .withCommand("sh", "-c", "exit 0")
            .endContainer()
            .endSpec()
            .build();
    client
        .pods()
        .resource(annotated(pod, Map.of(PodFaults.EXIT, "main=OOMKilled@1s,side=42")))
        .create();

    var done =
        client
            .pods()
            .withName("forced")
            .waitUntilCondition(TestPods::terminal, 90, TimeUnit.SECONDS);

    assertThat(done.getStatus().getPhase()).isEqualTo("Failed");
    var byName =
        new java.util.HashMap<String, io.fabric8.kubernetes.api.model.ContainerStateTerminated>();
    done.getStatus()
        .getContainerStatuses()
        .forEach(s -> byName.put(s.getName(), s.getState().getTerminated()));
    assertThat(byName.get("main").getReason()).isEqualTo("OOMKilled");
    assertThat(byName.get("main").getExitCode()).isEqualTo(137);
    assertThat(byName.get("side").getReason()).isEqualTo("Error");
    assertThat(byName.get("side").getExitCode()).isEqualTo(42);
    assertThat(client.pods().withName("forced").inContainer("main").getLog())
        .isEqualTo("started\n");
  }

  @Test
  void aFaultForTheFirstRunOnlyFailsAJobsFirstPodAndItsRetrySucceeds(KubernetesClient client) {
    var job =
        new JobBuilder()
            .withNewMetadata()
            .withName("flaky")
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(2)
            .withTemplate(
                new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder()
                    .withNewMetadata()
                    .addToAnnotations(PodFaults.EXIT, "3")
                    .addToAnnotations(PodFaults.TIMES, "1")
                    .endMetadata()
                    .withSpec(TestPods.shell("x", "echo ran").build().getSpec())
                    .build())
            .endSpec()
            .build();
    client.batch().v1().jobs().resource(job).create();

    var done =
        client
            .batch()
            .v1()
            .jobs()
            .withName("flaky")
            .waitUntilCondition(
                j ->
                    j != null
                        && j.getStatus() != null
                        && j.getStatus().getConditions().stream()
                            .anyMatch(
                                c ->
                                    c.getType().equals("Complete") || c.getType().equals("Failed")),
                120,
                TimeUnit.SECONDS);

    assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(done.getStatus().getFailed()).isEqualTo(1);
    var codes =
        client.pods().withLabel("job-name", "flaky").list().getItems().stream()
            .map(p -> p.getStatus().getContainerStatuses().get(0).getState().getTerminated())
            .map(t -> t.getReason() + " " + t.getExitCode())
            .sorted()
            .toList();
    assertThat(codes).containsExactly("Completed 0", "Error 3");
  }

  @Test
  void aDelayedStartKeepsTheContainerCreatingAtLeastThatLong(KubernetesClient client) {
    client
        .pods()
        .resource(
            annotated(TestPods.shell("late", "true").build(), Map.of(PodFaults.START_DELAY, "5s")))
        .create();

    var done =
        client.pods().withName("late").waitUntilCondition(TestPods::terminal, 90, TimeUnit.SECONDS);

    assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
    var sandboxReady =
        done.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals("Initialized"))
            .findFirst()
            .orElseThrow()
            .getLastTransitionTime();
    var started =
        done.getStatus().getContainerStatuses().get(0).getState().getTerminated().getStartedAt();
    // both are cut to seconds: at least 5 s apart means at least 4 s in the status
    assertThat(Duration.between(Instant.parse(sandboxReady), Instant.parse(started)))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void slowLogsArriveLineByLineAfterTheContainerEndedAndFollowGetsThemAll(KubernetesClient client) {
    client
        .pods()
        .resource(
            annotated(
                TestPods.shell("chatty", "echo one; echo two; echo three").build(),
                Map.of(PodFaults.SLOW_LOGS, "2s")))
        .create();
    client.pods().withName("chatty").waitUntilCondition(TestPods::terminal, 90, TimeUnit.SECONDS);

    var followed = new java.io.ByteArrayOutputStream();
    try (var watch = client.pods().withName("chatty").usingTimestamps().watchLog(followed)) {
      TestPods.await(() -> followed.toString().contains("three"), "the followed log of chatty");
    }
    var lines = followed.toString().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.stream().map(l -> l.substring(l.indexOf(' ') + 1)))
        .containsExactly("one", "two", "three");
    var times = lines.stream().map(l -> Instant.parse(l.substring(0, l.indexOf(' ')))).toList();
    assertThat(Duration.between(times.get(0), times.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(Duration.between(times.get(1), times.get(2)))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aCataloguedImageFailsToPullOnceThenThePodRuns(KubernetesClient client) {
    client
        .pods()
        .resource(
            annotated(
                TestPods.shell("pullonce", "echo ran").build(),
                Map.of(PodFaults.PULL, "timeout", PodFaults.TIMES, "1")))
        .create();

    var done =
        client
            .pods()
            .withName("pullonce")
            .waitUntilCondition(TestPods::terminal, 120, TimeUnit.SECONDS);

    assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
    var messages =
        client.v1().events().list().getItems().stream()
            .filter(e -> "pullonce".equals(e.getInvolvedObject().getName()))
            .map(Event::getMessage)
            .toList();
    assertThat(messages)
        .contains(
            "Failed to pull image \"busybox:1.36\": rpc error: code = Unknown desc = failed to pull"
                + " and unpack image \"docker.io/library/busybox:1.36\": failed to resolve reference"
                + " \"docker.io/library/busybox:1.36\": failed to do request: Head"
                + " \"https://registry-1.docker.io/v2/library/busybox/manifests/1.36\": dial tcp:"
                + " lookup registry-1.docker.io: i/o timeout",
            "Error: ErrImagePull",
            "Error: ImagePullBackOff");
    assertThat(messages).anyMatch(m -> m.startsWith("Successfully pulled image \"busybox:1.36\""));
  }

  @Test
  void aBadFaultAnnotationIsACreateContainerConfigErrorThatSaysWhy(KubernetesClient client) {
    client
        .pods()
        .resource(
            annotated(TestPods.shell("badfault", "true").build(), Map.of(PodFaults.EXIT, "boom")))
        .create();

    var waiting =
        client
            .pods()
            .withName("badfault")
            .waitUntilCondition(
                p -> PodLifecycleTest.reason(p).equals("CreateContainerConfigError"),
                60,
                TimeUnit.SECONDS);

    assertThat(
            waiting.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage())
        .isEqualTo(
            "annotation testkit.flowline.dev/fault-exit: 'boom' is not [container=]CODE[@DURATION]"
                + " with CODE 0-255 or OOMKilled, e.g. main=137@2s; fix the pod's annotation");
  }
}
