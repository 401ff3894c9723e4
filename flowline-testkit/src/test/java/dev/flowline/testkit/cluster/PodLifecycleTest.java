package dev.flowline.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pods run by the node agent on the real control plane: status, reasons and logs as a kubelet
 * writes them.
 */
@ExtendWith(TestClusterExtension.class)
class PodLifecycleTest {

  @Test
  void podRunsToSucceededAndItsLogsStayReadable(KubernetesClient client) {
    client
        .pods()
        .resource(
            TestPods.shell("hello", "echo hello from $HOSTNAME; sleep 0.2; echo oops >&2").build())
        .create();

    var pod =
        client
            .pods()
            .withName("hello")
            .waitUntilCondition(TestPods::terminal, 60, TimeUnit.SECONDS);

    assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
    var terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getReason()).isEqualTo("Completed");
    assertThat(terminated.getExitCode()).isZero();
    assertThat(pod.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getReason()).isEqualTo("PodCompleted");
            });
    assertThat(client.pods().withName("hello").getLog()).isEqualTo("hello from hello\noops\n");
    assertThat(client.pods().withName("hello").tailingLines(1).getLog()).isEqualTo("oops\n");
  }

  @Test
  void nonZeroExitFailsThePodWithError(KubernetesClient client) {
    client.pods().resource(TestPods.shell("fails", "exit 3").build()).create();

    var pod =
        client
            .pods()
            .withName("fails")
            .waitUntilCondition(TestPods::terminal, 60, TimeUnit.SECONDS);

    assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
    var terminated = pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getReason()).isEqualTo("Error");
    assertThat(terminated.getExitCode()).isEqualTo(3);
  }

  @Test
  void exceedingTheMemoryLimitIsOomKilled(KubernetesClient client) {
    var pod =
        TestPods.withMemoryLimit(
            TestPods.shell("hog", "dd if=/dev/zero of=/dev/null bs=200M count=1").build(), "32Mi");
    client.pods().resource(pod).create();

    var done =
        client.pods().withName("hog").waitUntilCondition(TestPods::terminal, 60, TimeUnit.SECONDS);

    var terminated = done.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getReason()).isEqualTo("OOMKilled");
    assertThat(terminated.getExitCode()).isEqualTo(137);
    assertThat(done.getStatus().getPhase()).isEqualTo("Failed");
  }

  @Test
  void anImageNotInTheCatalogFailsToPullThenBacksOff(KubernetesClient client) {
    var pod =
        new PodBuilder(TestPods.shell("noimage", "true").build())
            .editSpec()
            .editFirstContainer()
            .withImage("example.invalid/nothing:1")
            .endContainer()
            .endSpec()
            .build();
    client.pods().resource(pod).create();

    var waiting =
        client
            .pods()
            .withName("noimage")
            .waitUntilCondition(p -> reason(p).equals("ImagePullBackOff"), 60, TimeUnit.SECONDS);

    assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(
            waiting.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage())
        .isEqualTo(
            "Back-off pulling image \"example.invalid/nothing:1\": ErrImagePull: rpc error: code = NotFound desc = "
                + "failed to pull and unpack image \"example.invalid/nothing:1\": failed to resolve reference "
                + "\"example.invalid/nothing:1\": example.invalid/nothing:1: not found");
    assertThat(reasons(client, "noimage")).contains("Pulling", "Failed", "BackOff");
  }

  @Test
  void aMissingSecretInEnvIsCreateContainerConfigError(KubernetesClient client) {
    var pod =
        new PodBuilder(TestPods.shell("nosecret", "true").build())
            .editSpec()
            .editFirstContainer()
            .withEnv(
                new EnvVarBuilder()
                    .withName("TOKEN")
                    .withNewValueFrom()
                    .withNewSecretKeyRef()
                    .withName("absent")
                    .withKey("token")
                    .endSecretKeyRef()
                    .endValueFrom()
                    .build())
            .endContainer()
            .endSpec()
            .build();
    client.pods().resource(pod).create();

    var waiting =
        client
            .pods()
            .withName("nosecret")
            .waitUntilCondition(
                p -> reason(p).equals("CreateContainerConfigError"), 60, TimeUnit.SECONDS);

    assertThat(
            waiting.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage())
        .isEqualTo("secret \"absent\" not found");
  }

  @Test
  void aPrivateImageIsPulledWithItsPullSecretOnly(KubernetesClient client) {
    String image = ImageCatalog.PRIVATE_REGISTRY + "/eclipse-temurin:17-jre";
    String auth =
        java.util.Base64.getEncoder()
            .encodeToString(
                (ImageCatalog.PRIVATE_USER + ":" + ImageCatalog.PRIVATE_PASSWORD)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    client
        .secrets()
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("regcred")
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .addToStringData(
                    ".dockerconfigjson",
                    "{\"auths\": {\"registry.flowline.test\": {\"auth\": \"" + auth + "\"}}}")
                .build())
        .create();
    var withSecret =
        new PodBuilder(TestPods.shell("with-secret", "java -version").build())
            .editSpec()
            .addNewImagePullSecret("regcred")
            .editFirstContainer()
            .withImage(image)
            .withImagePullPolicy("Always") // IfNotPresent would run an image already on the node
            .endContainer()
            .endSpec()
            .build();
    var without =
        new PodBuilder(TestPods.shell("without", "true").build())
            .editSpec()
            .addNewImagePullSecret("absent")
            .editFirstContainer()
            .withImage(image)
            .withImagePullPolicy("Always") // IfNotPresent would run an image already on the node
            .endContainer()
            .endSpec()
            .build();
    client.pods().resource(withSecret).create();
    client.pods().resource(without).create();

    var ran =
        client
            .pods()
            .withName("with-secret")
            .waitUntilCondition(TestPods::terminal, 60, TimeUnit.SECONDS);
    var refused =
        client
            .pods()
            .withName("without")
            .waitUntilCondition(p -> reason(p).equals("ErrImagePull"), 60, TimeUnit.SECONDS);

    assertThat(ran.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(
            refused.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage())
        .startsWith("rpc error: code = Unknown desc = failed to pull and unpack image")
        .contains("pull access denied");
    assertThat(reasons(client, "without")).contains("FailedToRetrieveImagePullSecret");
  }

  @Test
  void theSecurityContextSetsTheProcessUserGroupsAndNoNewPrivs(KubernetesClient client) {
    var pod =
        new PodBuilder(
                TestPods.shell(
                        "user",
                        "id -u; id -g; id -G; grep NoNewPrivs /proc/self/status;"
                            + " grep CapBnd /proc/self/status;"
                            + " touch /work/file && echo emptyDir writable")
                    .build())
            .editSpec()
            .withNewSecurityContext()
            .withFsGroup(3456L)
            .withSupplementalGroups(4567L)
            .endSecurityContext()
            .addNewVolume()
            .withName("work")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .editFirstContainer()
            .withNewSecurityContext()
            .withRunAsUser(1234L)
            .withRunAsGroup(2345L)
            .withAllowPrivilegeEscalation(false)
            .withNewCapabilities()
            .withDrop("NET_RAW", "MKNOD")
            .endCapabilities()
            .endSecurityContext()
            .addNewVolumeMount()
            .withName("work")
            .withMountPath("/work")
            .endVolumeMount()
            .endContainer()
            .endSpec()
            .build();
    client.pods().resource(pod).create();

    var done =
        client.pods().withName("user").waitUntilCondition(TestPods::terminal, 60, TimeUnit.SECONDS);

    assertThat(client.pods().withName("user").getLog())
        .isEqualTo(
            "1234\n2345\n2345 3456 4567\nNoNewPrivs:\t1\nCapBnd:\t"
                + String.format("%016x", withoutNetRawAndMknod())
                + "\nemptyDir writable\n");
    assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
  }

  @Test
  void aVolumeMountedAtTmpHidesNoneOfThePodsOtherVolumes(KubernetesClient client) {
    // the pod's folder (its volumes' sources) is in the cluster's folder, under the host's /var/tmp
    // (tests) or /tmp (bin/flowline-cluster's default): emptyDirs mounted at both, first, must not
    // hide the service account's volume mounted after them (Argo Events' pods mount one at /tmp)
    var pod =
        new PodBuilder(
                TestPods.shell(
                        "tmpvolume",
                        "cat /var/run/secrets/kubernetes.io/serviceaccount/namespace; echo;"
                            + " touch /tmp/file /var/tmp/other && ls /tmp /var/tmp")
                    .build())
            .editSpec()
            .addNewVolume()
            .withName("tmp")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .addNewVolume()
            .withName("var-tmp")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .editFirstContainer()
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("var-tmp")
            .withMountPath("/var/tmp")
            .endVolumeMount()
            .endContainer()
            .endSpec()
            .build();
    client.pods().resource(pod).create();

    var done =
        client
            .pods()
            .withName("tmpvolume")
            .waitUntilCondition(TestPods::terminal, 60, TimeUnit.SECONDS);

    assertThat(client.pods().withName("tmpvolume").getLog())
        .isEqualTo(client.getNamespace() + "\n/tmp:\nfile\n\n/var/tmp:\nother\n");
    assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
  }

  /** This machine's bounding set without NET_RAW (13) and MKNOD (27). */
  private static long withoutNetRawAndMknod() {
    try {
      for (var line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("CapBnd:")) {
          return Long.parseUnsignedLong(line.substring(7).trim(), 16) & ~(1L << 13) & ~(1L << 27);
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new IllegalStateException("no CapBnd in /proc/self/status");
  }

  @Test
  void runAsNonRootWithARootImageIsCreateContainerConfigError(KubernetesClient client) {
    var pod =
        new PodBuilder(TestPods.shell("root", "true").build())
            .editSpec()
            .editFirstContainer()
            .withNewSecurityContext()
            .withRunAsNonRoot(true)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    var created = client.pods().resource(pod).create();

    var waiting =
        client
            .pods()
            .withName("root")
            .waitUntilCondition(
                p -> reason(p).equals("CreateContainerConfigError"), 60, TimeUnit.SECONDS);

    assertThat(
            waiting.getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage())
        .isEqualTo(
            "container has runAsNonRoot and image will run as root (pod: \"root_"
                + created.getMetadata().getNamespace()
                + "("
                + created.getMetadata().getUid()
                + ")\", container: main)");
  }

  @Test
  void deletingARunningPodStopsItsContainer(KubernetesClient client) {
    client
        .pods()
        .resource(
            TestPods.shell("sleeper", "trap 'exit 0' TERM; while true; do sleep 0.1; done").build())
        .create();
    client
        .pods()
        .withName("sleeper")
        .waitUntilCondition(p -> "Running".equals(TestPods.phase(p)), 60, TimeUnit.SECONDS);

    client.pods().withName("sleeper").delete();

    client.pods().withName("sleeper").waitUntilCondition(p -> p == null, 30, TimeUnit.SECONDS);
    assertThat(reasons(client, "sleeper")).contains("Killing");
  }

  @Test
  void activeDeadlineSecondsFailsThePodWithDeadlineExceeded(KubernetesClient client) {
    var pod =
        new PodBuilder(TestPods.shell("slow", "sleep 60").build())
            .editSpec()
            .withActiveDeadlineSeconds(2L)
            .endSpec()
            .build();
    client.pods().resource(pod).create();

    var done =
        client.pods().withName("slow").waitUntilCondition(TestPods::terminal, 60, TimeUnit.SECONDS);

    assertThat(done.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(done.getStatus().getReason()).isEqualTo("DeadlineExceeded");
    assertThat(done.getStatus().getMessage())
        .isEqualTo("Pod was active on the node longer than the specified deadline");
  }

  @Test
  void aMissingSecretVolumeKeepsThePodContainerCreatingWithFailedMount(KubernetesClient client) {
    var pod =
        new PodBuilder(TestPods.shell("novolume", "true").build())
            .editSpec()
            .addNewVolume()
            .withName("creds")
            .withNewSecret()
            .withSecretName("absent")
            .endSecret()
            .endVolume()
            .editFirstContainer()
            .addNewVolumeMount()
            .withName("creds")
            .withMountPath("/creds")
            .endVolumeMount()
            .endContainer()
            .endSpec()
            .build();
    client.pods().resource(pod).create();

    var event = ControlPlaneTest.waitForEvent(client, "novolume", "FailedMount");

    assertThat(event.getMessage())
        .isEqualTo("MountVolume.SetUp failed for volume \"creds\" : secret \"absent\" not found");
    var pending = client.pods().withName("novolume").get();
    assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(reason(pending)).isEqualTo("ContainerCreating");
  }

  @Test
  void onFailureRestartsTheContainerAndKeepsThePreviousLog(KubernetesClient client) {
    var pod =
        new PodBuilder(
                TestPods.shell(
                        "retry",
                        "if [ -f /work/once ]; then echo second; else touch /work/once; echo first; exit 1; fi")
                    .build())
            .editSpec()
            .withRestartPolicy("OnFailure")
            .addNewVolume()
            .withName("work")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .editFirstContainer()
            .addNewVolumeMount()
            .withName("work")
            .withMountPath("/work")
            .endVolumeMount()
            .endContainer()
            .endSpec()
            .build();
    client.pods().resource(pod).create();

    var done =
        client
            .pods()
            .withName("retry")
            .waitUntilCondition(TestPods::terminal, 90, TimeUnit.SECONDS);

    assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
    var status = done.getStatus().getContainerStatuses().get(0);
    assertThat(status.getRestartCount()).isEqualTo(1);
    assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(client.pods().withName("retry").getLog()).isEqualTo("second\n");
    assertThat(client.pods().withName("retry").inContainer("main").terminated().getLog())
        .isEqualTo("first\n");
    assertThat(reasons(client, "retry")).contains("BackOff");
  }

  static String reason(io.fabric8.kubernetes.api.model.Pod pod) {
    if (pod == null
        || pod.getStatus() == null
        || pod.getStatus().getContainerStatuses().isEmpty()) {
      return "";
    }
    var waiting = pod.getStatus().getContainerStatuses().get(0).getState().getWaiting();
    return waiting == null || waiting.getReason() == null ? "" : waiting.getReason();
  }

  static List<String> reasons(KubernetesClient client, String pod) {
    return client.v1().events().list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName()))
        .map(Event::getReason)
        .collect(Collectors.toList());
  }
}
