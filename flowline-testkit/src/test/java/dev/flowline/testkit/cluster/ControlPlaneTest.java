package dev.flowline.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The upstream controllers, scheduler and admission plugins of the test cluster, seen through
 * fabric8 as Flowline sees them: Jobs, backoffLimit, TTL, PodSecurity, ResourceQuota and the
 * scheduler's messages.
 */
@ExtendWith(TestClusterExtension.class)
class ControlPlaneTest {

  private static Job job(String name, String script, int backoffLimit) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(backoffLimit)
        .withNewTemplate()
        .withSpec(TestPods.shell(name, script).buildSpec())
        .endTemplate()
        .endSpec()
        .build();
  }

  private static boolean jobCondition(Job job, String type) {
    return job != null
        && job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals(type) && c.getStatus().equals("True"));
  }

  @Test
  void jobCompletesAndItsTtlDeletesIt(KubernetesClient client) {
    var job =
        new JobBuilder(job("done", "echo done", 0))
            .editSpec()
            .withTtlSecondsAfterFinished(10)
            .endSpec()
            .build();
    client.batch().v1().jobs().resource(job).create();

    client
        .batch()
        .v1()
        .jobs()
        .withName("done")
        .waitUntilCondition(j -> jobCondition(j, "Complete"), 90, TimeUnit.SECONDS);

    client
        .batch()
        .v1()
        .jobs()
        .withName("done")
        .waitUntilCondition(j -> j == null, 60, TimeUnit.SECONDS);
  }

  @Test
  void jobFailsWhenItsBackoffLimitIsExceeded(KubernetesClient client) {
    client.batch().v1().jobs().resource(job("flaky", "exit 1", 1)).create();

    var failed =
        client
            .batch()
            .v1()
            .jobs()
            .withName("flaky")
            .waitUntilCondition(j -> jobCondition(j, "Failed"), 120, TimeUnit.SECONDS);

    assertThat(failed.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Failed");
              assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
              assertThat(c.getMessage()).isEqualTo("Job has reached the specified backoff limit");
            });
    assertThat(failed.getStatus().getFailed()).isEqualTo(2);
  }

  @Test
  void restrictedPodSecurityRejectsAPrivilegedPod(TestNamespace ns) {
    ns.client()
        .namespaces()
        .withName(ns.name())
        .edit(
            n ->
                new NamespaceBuilder(n)
                    .editMetadata()
                    .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                    .endMetadata()
                    .build());
    var pod = TestPods.shell("root", "true").build();

    assertThatThrownBy(() -> ns.client().pods().resource(pod).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(
            "pods \"root\" is forbidden: violates PodSecurity \"restricted:latest\": "
                + "allowPrivilegeEscalation != false (container \"main\" must set securityContext.allowPrivilegeEscalation=false), "
                + "unrestricted capabilities (container \"main\" must set securityContext.capabilities.drop=[\"ALL\"]), "
                + "runAsNonRoot != true (pod or container \"main\" must set securityContext.runAsNonRoot=true), "
                + "seccompProfile (pod or container \"main\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
  }

  @Test
  void anExceededResourceQuotaGivesTheJobControllersFailedCreate(KubernetesClient client) {
    client
        .resourceQuotas()
        .resource(
            new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("no-pods")
                .endMetadata()
                .withNewSpec()
                .addToHard("pods", new Quantity("0"))
                .endSpec()
                .build())
        .create();
    client
        .resourceQuotas()
        .withName("no-pods")
        .waitUntilCondition(
            q -> q.getStatus() != null && q.getStatus().getHard() != null, 30, TimeUnit.SECONDS);

    client.batch().v1().jobs().resource(job("quota", "true", 0)).create();

    var event = waitForEvent(client, "quota", "FailedCreate");
    assertThat(event.getMessage())
        .startsWith("Error creating: pods \"quota-")
        .endsWith(
            "is forbidden: exceeded quota: no-pods, requested: pods=1, used: pods=0, limited: pods=0");
    assertThat(event.getSource().getComponent()).isEqualTo("job-controller");
  }

  @Test
  void aNodeSelectorWithoutMatchingNodeIsUnschedulable(KubernetesClient client) {
    var pod =
        new PodBuilder(TestPods.shell("nowhere", "true").build())
            .editSpec()
            .addToNodeSelector("disktype", "ssd")
            .endSpec()
            .build();

    assertThat(unschedulable(client, pod).getMessage())
        .isEqualTo(
            "0/3 nodes are available: 1 node(s) had untolerated taint(s), "
                + "2 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, "
                + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  }

  @Test
  void aTaintWithoutTolerationIsUnschedulable(KubernetesClient client) {
    var pod =
        new PodBuilder(TestPods.shell("tainted", "true").build())
            .editSpec()
            .addToNodeSelector(TestCluster.POOL_LABEL, "tainted")
            .endSpec()
            .build();

    // kube-scheduler 1.36: the tainted node matches the selector, the two others do not
    assertThat(unschedulable(client, pod).getMessage())
        .isEqualTo(
            "0/3 nodes are available: 1 node(s) had untolerated taint(s), "
                + "2 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, "
                + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  }

  @Test
  void tooMuchCpuIsUnschedulable(KubernetesClient client) {
    var pod =
        new PodBuilder(TestPods.shell("greedy", "true").build())
            .editSpec()
            .editFirstContainer()
            .withNewResources()
            .addToRequests("cpu", new Quantity("64"))
            .endResources()
            .endContainer()
            .endSpec()
            .build();

    assertThat(unschedulable(client, pod).getMessage())
        .isEqualTo(
            "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu. "
                + "no new claims to deallocate, preemption: 0/3 nodes are available: "
                + "3 Preemption is not helpful for scheduling.");
  }

  @Test
  void gpusFromUpPlaceAGpuPodOnTheGpuNodeAndTooManyAreUnschedulable(KubernetesClient client) {
    var node = client.nodes().withName(TestCluster.GPU_NODE).get();
    assertThat(node.getStatus().getCapacity().get(TestCluster.GPU_RESOURCE)).hasToString("2");
    assertThat(node.getStatus().getAllocatable().get(TestCluster.GPU_RESOURCE)).hasToString("2");
    var gpuPod =
        new PodBuilder(TestPods.shell("trainer", "true").build())
            .editSpec()
            .editFirstContainer()
            .withNewResources()
            .addToLimits(TestCluster.GPU_RESOURCE, new Quantity("2"))
            .endResources()
            .endContainer()
            .endSpec()
            .build();
    client.pods().resource(gpuPod).create();

    var done =
        client
            .pods()
            .withName("trainer")
            .waitUntilCondition(TestPods::terminal, 60, TimeUnit.SECONDS);

    assertThat(done.getSpec().getNodeName()).isEqualTo(TestCluster.GPU_NODE);
    assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
    var greedy =
        new PodBuilder(TestPods.shell("greedy-gpu", "true").build())
            .editSpec()
            .editFirstContainer()
            .withNewResources()
            .addToLimits(TestCluster.GPU_RESOURCE, new Quantity("3"))
            .endResources()
            .endContainer()
            .endSpec()
            .build();
    assertThat(unschedulable(client, greedy).getMessage())
        .isEqualTo(
            "0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient"
                + " nvidia.com/gpu. no new claims to deallocate, preemption: 0/3 nodes are"
                + " available: 3 Preemption is not helpful for scheduling.");
  }

  @Test
  void aMissingPersistentVolumeClaimKeepsThePodPending(KubernetesClient client) {
    var pod =
        new PodBuilder(TestPods.shell("needs-data", "true").build())
            .editSpec()
            .addNewVolume()
            .withName("data")
            .withNewPersistentVolumeClaim()
            .withClaimName("data")
            .endPersistentVolumeClaim()
            .endVolume()
            .endSpec()
            .build();

    // kube-scheduler 1.36's own wording, "not found" twice included
    assertThat(unschedulable(client, pod).getMessage())
        .isEqualTo("0/3 nodes are available: persistentvolumeclaim \"data\" not found. not found");
  }

  private static PodCondition unschedulable(KubernetesClient client, Pod pod) {
    client.pods().resource(pod).create();
    var name = pod.getMetadata().getName();
    var pending =
        client
            .pods()
            .withName(name)
            .waitUntilCondition(p -> scheduled(p) != null, 60, TimeUnit.SECONDS);
    var condition = scheduled(pending);
    assertThat(condition.getStatus()).isEqualTo("False");
    assertThat(condition.getReason()).isEqualTo("Unschedulable");
    assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
    return condition;
  }

  private static PodCondition scheduled(Pod pod) {
    return pod == null || pod.getStatus() == null
        ? null
        : pod.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals("PodScheduled"))
            .findFirst()
            .orElse(null);
  }

  static Event waitForEvent(KubernetesClient client, String objectName, String reason) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < end) {
      for (var event : client.v1().events().list().getItems()) {
        if (objectName.equals(event.getInvolvedObject().getName())
            && reason.equals(event.getReason())) {
          return event;
        }
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError(
        "no "
            + reason
            + " event for "
            + objectName
            + " within 60 s; events: "
            + client.v1().events().list().getItems().stream()
                .map(
                    e ->
                        e.getInvolvedObject().getName()
                            + " "
                            + e.getReason()
                            + ": "
                            + e.getMessage())
                .toList());
  }
}
