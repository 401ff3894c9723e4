package dev.flowline.kubernetes.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link PodDiagnosis} on pods, events and Job events as the scheduler, the kubelet and the Job
 * controller write them (fixtures in {@code src/test/resources/diagnose}).
 */
class PodDiagnosisTest {
  private static Stuck stuck(Fixture f) {
    return f.diagnose().orElseThrow(() -> new AssertionError("expected a stuck pod"));
  }

  private static Stuck stuck(String fixture) {
    return stuck(Fixture.load(fixture));
  }

  private static Fixture withPod(Fixture f, Pod pod) {
    return new Fixture(pod, f.job(), f.podEvents(), f.jobEvents());
  }

  private static Fixture withPodEvent(Fixture f, Event e) {
    List<Event> events = new ArrayList<>(f.podEvents());
    events.add(e);
    return new Fixture(f.pod(), f.job(), events, f.jobEvents());
  }

  /** The pod's only container waits with {@code reason} and {@code message}. */
  private static Pod waiting(Pod pod, String reason, String message) {
    return new PodBuilder(pod)
        .editStatus()
        .withContainerStatuses(
            new ContainerStatusBuilder(pod.getStatus().getContainerStatuses().get(0))
                .withNewState()
                .withNewWaiting()
                .withReason(reason)
                .withMessage(message)
                .endWaiting()
                .endState()
                .build())
        .endStatus()
        .build();
  }

  @Test
  void aPendingPodTheSchedulerHasNotLookedAtYetIsNotStuck() {
    assertThat(Fixture.load("pending-fresh").diagnose()).isEmpty();
  }

  @Test
  void aRunningPodIsNotStuck() {
    assertThat(Fixture.load("running").diagnose()).isEmpty();
  }

  @Test
  void aFinishedOrDeletedPodIsNotStuck() {
    assertThat(Fixture.load("end-user-failure").diagnose()).isEmpty();
    Fixture f = Fixture.load("image-not-found-backoff");
    Pod deleting =
        new PodBuilder(f.pod())
            .editMetadata()
            .withDeletionTimestamp("2026-03-02T10:05:00Z")
            .endMetadata()
            .build();
    assertThat(withPod(f, deleting).diagnose()).isEmpty();
  }

  @Test
  void insufficientCpuWaitsForANodeWithThatManyCpus() {
    Stuck s = stuck("unschedulable-cpu");
    assertThat(s.cause()).isEqualTo(StuckCause.UNSCHEDULABLE);
    assertThat(s.policy()).isEqualTo(Stuck.Policy.WAITING);
    assertThat(s.progress())
        .isEqualTo("waiting for a node with 64 CPUs: 0/2 nodes are available: 2 Insufficient cpu");
    assertThat(s.message())
        .isEqualTo(
            "no node can take the pod (Kubernetes: 0/2 nodes are available: 2 Insufficient cpu."
                + " preemption: 0/2 nodes are available: 2 No preemption victims found for"
                + " incoming pod.). 2 of 2 nodes lack the CPU the pod requests (64 CPUs): lower"
                + " it with @Kubernetes(cpu = ...), @Resources(cpu = ...) or"
                + " METAFLOW_KUBERNETES_CPU, or let a cluster autoscaler add a larger node.");
  }

  @Test
  void theSchedulersEventIsReadWhenTheConditionHasNoMessageYet() {
    Fixture f = Fixture.load("unschedulable-cpu");
    Pod noCondition = new PodBuilder(f.pod()).editStatus().withConditions().endStatus().build();
    Stuck s = stuck(withPod(f, noCondition));
    assertThat(s.evidence())
        .isEqualTo(
            "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2"
                + " No preemption victims found for incoming pod.");
  }

  @Test
  void aMessageWithSeveralReasonsNamesEachPartAndItsSetting() {
    Stuck s = stuck("unschedulable-several-reasons");
    assertThat(s.progress())
        .isEqualTo(
            "waiting for a node with 65536 MB of memory, that matches nodeSelector disktype=ssd,"
                + " whose taints the pod tolerates: 0/3 nodes are available: 1 Insufficient"
                + " memory, 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had"
                + " untolerated taint(s)");
    assertThat(s.fix())
        .isEqualTo(
            "1 of 3 nodes lack the memory the pod requests (65536 MB): lower it with"
                + " @Kubernetes(memory = ...), @Resources(memory = ...) or"
                + " METAFLOW_KUBERNETES_MEMORY, or let a cluster autoscaler add a larger node. 1"
                + " of 3 nodes do not have the labels of the pod's nodeSelector disktype=ssd:"
                + " change it with @Kubernetes(nodeSelector = ...) or"
                + " METAFLOW_KUBERNETES_NODE_SELECTOR (`kubectl get nodes --show-labels` lists the"
                + " nodes' labels), or label a node. 1 of 3 nodes have a taint the pod does not"
                + " tolerate: add a toleration with @Kubernetes(tolerations = ...) or"
                + " METAFLOW_KUBERNETES_TOLERATIONS (the pod tolerates: none; `kubectl describe"
                + " nodes | grep Taints` lists the nodes' taints).");
  }

  @Test
  void insufficientGpusNameTheGpuSetting() {
    Stuck s = stuck("unschedulable-gpu");
    assertThat(s.progress())
        .isEqualTo(
            "waiting for a node with 2 nvidia.com/gpu: 0/4 nodes are available: 4 Insufficient"
                + " nvidia.com/gpu");
    assertThat(s.fix()).contains("@Kubernetes(gpu = ...) or @Resources(gpu = ...)");
  }

  @Test
  void anUnboundClaimWaitsAndNamesTheClaim() {
    Stuck s = stuck("unschedulable-unbound-pvc");
    assertThat(s.policy()).isEqualTo(Stuck.Policy.WAITING);
    assertThat(s.summary()).isEqualTo("the pod's PersistentVolumeClaims are not ready");
    assertThat(s.progress())
        .isEqualTo(
            "waiting for its PersistentVolumeClaims (data) to be bound: 0/2 nodes are available:"
                + " pod has unbound immediate PersistentVolumeClaims");
    assertThat(s.fix())
        .startsWith("PersistentVolumeClaims data are not bound to a volume yet")
        .endsWith(
            "The claims come from @Kubernetes(persistentVolumeClaims = ...) or"
                + " METAFLOW_KUBERNETES_PERSISTENT_VOLUME_CLAIMS.");
  }

  @Test
  void aMissingClaimSaysToCreateIt() {
    Stuck s = stuck("unschedulable-missing-pvc");
    assertThat(s.progress())
        .isEqualTo(
            "waiting for PersistentVolumeClaim data to exist: 0/2 nodes are available:"
                + " persistentvolumeclaim \"data\" not found");
    assertThat(s.fix())
        .startsWith(
            "There is no PersistentVolumeClaim data in namespace ml: create it, or change the"
                + " claims.");
  }

  @Test
  void anImageThatDoesNotExistFailsAtOnce() {
    Stuck s = stuck("image-not-found-backoff");
    assertThat(s.cause()).isEqualTo(StuckCause.IMAGE_PULL);
    assertThat(s.permanent()).isTrue();
    assertThat(s.message())
        .isEqualTo(
            "the image \"ghcr.io/acme/train:v9\" of container train does not exist (Kubernetes:"
                + " Back-off pulling image \"ghcr.io/acme/train:v9\": ErrImagePull: rpc error:"
                + " code = NotFound desc = failed to pull and unpack image"
                + " \"ghcr.io/acme/train:v9\": failed to resolve reference"
                + " \"ghcr.io/acme/train:v9\": ghcr.io/acme/train:v9: not found). Check the name"
                + " and tag in registry ghcr.io (`docker manifest inspect ghcr.io/acme/train:v9`)."
                + " The image comes from @Kubernetes(image = ...) or"
                + " METAFLOW_KUBERNETES_CONTAINER_IMAGE (METAFLOW_KUBERNETES_CONTAINER_REGISTRY is"
                + " put in front of images without a registry).");
  }

  @Test
  void aNotFoundMessageIsConclusiveOnTheFirstPull() {
    Stuck s = stuck("image-not-found-first-pull");
    assertThat(s.permanent()).isTrue();
    assertThat(s.summary())
        .isEqualTo("the image \"eclipse-temurin:17-jre-nosuch\" of container train does not exist");
    assertThat(s.fix()).startsWith("Check the name and tag in registry docker.io");
  }

  @Test
  void aRefusedFirstPullWaitsUntilTheKubeletBacksOff() {
    Fixture f = Fixture.load("image-denied-first-pull");
    Stuck first = stuck(f);
    assertThat(first.policy()).isEqualTo(Stuck.Policy.WAITING);
    assertThat(first.progress())
        .startsWith(
            "waiting to pull image \"registry.example.com/ml/train:2\" (ErrImagePull): rpc error:");

    String denied =
        f.pod().getStatus().getContainerStatuses().get(0).getState().getWaiting().getMessage();
    Pod backOff =
        waiting(
            f.pod(),
            "ImagePullBackOff",
            "Back-off pulling image \"registry.example.com/ml/train:2\": ErrImagePull: " + denied);
    Stuck later = stuck(withPod(f, backOff));
    assertThat(later.permanent()).isTrue();
    assertThat(later.summary())
        .isEqualTo(
            "registry registry.example.com refused to let container train pull the image"
                + " \"registry.example.com/ml/train:2\"");
    Event backOffEvent =
        new EventBuilder(f.podEvents().get(1))
            .withReason("BackOff")
            .withMessage("Back-off pulling image \"registry.example.com/ml/train:2\"")
            .build();
    Stuck pulledAgain = stuck(withPodEvent(f, backOffEvent));
    assertThat(pulledAgain.permanent()).as("ErrImagePull again after a back-off").isTrue();
  }

  @Test
  void theLastFailedEventExplainsABackOffWithoutAnError() {
    Stuck s = stuck("image-unauthorized-backoff-event-only");
    assertThat(s.permanent()).isTrue();
    assertThat(s.evidence())
        .startsWith(
            "Back-off pulling image \"registry.example.com/ml/train:2\" (last failure, event"
                + " Failed: Failed to pull image \"registry.example.com/ml/train:2\": rpc error:")
        .endsWith("401 Unauthorized)");
    assertThat(s.fix())
        .isEqualTo(
            "The pod has no imagePullSecrets: create a Secret of type"
                + " kubernetes.io/dockerconfigjson with credentials for registry.example.com in"
                + " namespace ml and name it in @Kubernetes(imagePullSecrets = ...) or"
                + " METAFLOW_KUBERNETES_IMAGE_PULL_SECRETS. Some registries answer the same for"
                + " images that do not exist: check the name and tag too.");
  }

  @Test
  void refusedCredentialsNameThePullSecretsInUse() {
    Fixture f = Fixture.load("image-unauthorized-backoff-event-only");
    Pod withSecret =
        new PodBuilder(f.pod())
            .editSpec()
            .addNewImagePullSecret()
            .withName("regcred")
            .endImagePullSecret()
            .endSpec()
            .build();
    assertThat(stuck(withPod(f, withSecret)).fix())
        .startsWith(
            "The pod pulls with imagePullSecrets regcred: check that they exist in namespace ml"
                + " and hold credentials for registry.example.com that may read the image");
  }

  @Test
  void anUnreachableRegistryWaits() {
    Stuck s = stuck("image-registry-unreachable-backoff");
    assertThat(s.policy()).isEqualTo(Stuck.Policy.WAITING);
    assertThat(s.fix())
        .isEqualTo(
            "Kubernetes retries with back-off; if it persists, check that registry"
                + " registry.internal:5000 is reachable from the nodes.");
  }

  @Test
  void anInitContainersImageIsDiagnosedBeforeTheWaitingMainContainer() {
    Stuck s = stuck("init-container-image-not-found");
    assertThat(s.permanent()).isTrue();
    assertThat(s.summary())
        .isEqualTo(
            "the image \"ghcr.io/acme/fetch-code:1\" of init container fetch-code does not exist");
  }

  @Test
  void anInvalidImageNameFailsAtOnce() {
    Stuck s = stuck("image-invalid-name");
    assertThat(s.permanent()).isTrue();
    assertThat(s.evidence())
        .isEqualTo(
            "Failed to apply default image tag \"ghcr.io/acme/Train:v9\": couldn't parse image"
                + " name \"ghcr.io/acme/Train:v9\": invalid reference format: repository name"
                + " (acme/Train) must be lowercase");
    assertThat(s.fix()).startsWith("Write it as [registry/]name[:tag] or name@sha256:digest.");
  }

  @Test
  void anImageMissingUnderPullPolicyNeverFailsAtOnce() {
    Fixture f = Fixture.load("image-not-found-first-pull");
    Pod never =
        waiting(
            f.pod(),
            "ErrImageNeverPull",
            "Container image \"eclipse-temurin:17-jre-nosuch\" is not present with pull policy of"
                + " Never");
    Stuck s = stuck(withPod(f, never));
    assertThat(s.permanent()).isTrue();
    assertThat(s.summary())
        .isEqualTo(
            "the image \"eclipse-temurin:17-jre-nosuch\" of container train is not on node node-a"
                + " and imagePullPolicy is Never");
    assertThat(s.fix()).contains("METAFLOW_KUBERNETES_IMAGE_PULL_POLICY");
  }

  @Test
  void aMissingSecretFailsAtOnceAndNamesTheSecretsSetting() {
    Stuck s = stuck("config-missing-secret");
    assertThat(s.cause()).isEqualTo(StuckCause.CONTAINER_CONFIG);
    assertThat(s.message())
        .isEqualTo(
            "container train refers to Secret db-credentials, which does not exist (Kubernetes:"
                + " secret \"db-credentials\" not found). Create Secret db-credentials in namespace"
                + " ml, or remove it from @Kubernetes(secrets = ...) or METAFLOW_KUBERNETES_SECRETS"
                + " (each of them becomes an envFrom secretRef).");
  }

  @Test
  void aMissingKeyNamesTheKeyAndTheSecret() {
    Stuck s = stuck("config-missing-secret-key");
    assertThat(s.permanent()).isTrue();
    assertThat(s.summary())
        .isEqualTo(
            "container train refers to key password that Secret db-credentials does not have");
    assertThat(s.fix())
        .isEqualTo(
            "Add key password to Secret db-credentials in namespace ml, or stop referring to it.");
  }

  @Test
  void anImageThatRunsAsRootUnderRunAsNonRootFailsAtOnce() {
    Stuck s = stuck("config-runs-as-root");
    assertThat(s.permanent()).isTrue();
    assertThat(s.fix()).contains("@Kubernetes(securityContext = \"runAsUser=1000\")");
  }

  @Test
  void aClaimThatDoesNotMountWaitsAndNamesTheClaim() {
    Stuck s = stuck("mount-pvc-timeout");
    assertThat(s.cause()).isEqualTo(StuckCause.VOLUME_MOUNT);
    assertThat(s.policy()).isEqualTo(Stuck.Policy.WAITING);
    assertThat(s.progress())
        .isEqualTo(
            "waiting for volumes (data): Unable to attach or mount volumes: unmounted"
                + " volumes=[pvc-data], unattached volumes=[pvc-data kube-api-access-9xk2v]: timed"
                + " out waiting for the condition");
  }

  @Test
  void aMissingConfigMapVolumeFailsAtOnce() {
    Stuck s = stuck("mount-missing-configmap");
    assertThat(s.permanent()).isTrue();
    assertThat(s.summary())
        .isEqualTo("a volume of the pod needs ConfigMap train-settings, which does not exist");
  }

  @Test
  void aMountFailureFollowedByProgressIsNoLongerTheCause() {
    Fixture f = Fixture.load("mount-pvc-timeout");
    Event pulling =
        new EventBuilder(f.podEvents().get(1))
            .withReason("Pulling")
            .withType("Normal")
            .withMessage("Pulling image \"ghcr.io/acme/train:v9\"")
            .withFirstTimestamp("2026-03-02T10:03:00Z")
            .withLastTimestamp("2026-03-02T10:03:00Z")
            .build();
    Stuck s = stuck(withPodEvent(f, pulling));
    assertThat(s.cause()).isEqualTo(StuckCause.CONTAINER_CREATING);
    assertThat(s.progress())
        .isEqualTo(
            "starting on node node-a (ContainerCreating): Pulling image \"ghcr.io/acme/train:v9\"");
  }

  @Test
  void containerCreatingWaitsAndShowsThePull() {
    Stuck s = stuck("container-creating-pulling");
    assertThat(s.cause()).isEqualTo(StuckCause.CONTAINER_CREATING);
    assertThat(s.policy()).isEqualTo(Stuck.Policy.WAITING);
    assertThat(s.progress())
        .isEqualTo(
            "starting on node node-a (ContainerCreating): Pulling image \"ghcr.io/acme/train:v9\"");
  }

  @Test
  void quotaUsedByOthersWaits() {
    Stuck s = stuck("quota-used-by-others");
    assertThat(s.cause()).isEqualTo(StuckCause.QUOTA_EXCEEDED);
    assertThat(s.policy()).isEqualTo(Stuck.Policy.WAITING);
    assertThat(s.progress())
        .isEqualTo(
            "waiting for quota team-quota: requested requests.cpu=2, used requests.cpu=7, limited"
                + " requests.cpu=8");
  }

  @Test
  void aRequestAboveTheQuotasOwnLimitFailsAtOnce() {
    Stuck s = stuck("quota-above-limit");
    assertThat(s.permanent()).isTrue();
    assertThat(s.message())
        .isEqualTo(
            "the pod asks for more than quota team-quota of namespace ml allows at all"
                + " (Kubernetes: Error creating: pods \"trainflow-train-0dfbd78a-7fq4d\" is"
                + " forbidden: exceeded quota: team-quota, requested: requests.cpu=64, used:"
                + " requests.cpu=0, limited: requests.cpu=16). It asks for requests.cpu=64 but the"
                + " quota's limit is requests.cpu=16 for the whole namespace: lower CPU to at most"
                + " 16 CPUs with @Kubernetes(cpu = ...), @Resources(cpu = ...) or"
                + " METAFLOW_KUBERNETES_CPU, or ask the namespace's administrators to raise quota"
                + " team-quota (`kubectl describe resourcequota team-quota -n ml`).");
  }

  @Test
  void aQuotaThatNeedsLimitsPointsAtGuaranteedQos() {
    Stuck s = stuck("quota-must-specify-limits");
    assertThat(s.permanent()).isTrue();
    assertThat(s.fix()).contains("@Kubernetes(qos = \"Guaranteed\") or METAFLOW_KUBERNETES_QOS");
  }

  @Test
  void aCreationFailureFollowedByACreatedPodIsOver() {
    assertThat(Fixture.load("quota-then-created").diagnose()).isEmpty();
  }

  @Test
  void aMissingServiceAccountFailsAtOnce() {
    Stuck s = stuck("rejected-service-account");
    assertThat(s.cause()).isEqualTo(StuckCause.POD_REJECTED);
    assertThat(s.permanent()).isTrue();
    assertThat(s.fix())
        .isEqualTo(
            "The ServiceAccount does not exist (ml/flowline-runner): create it, or change"
                + " @Kubernetes(serviceAccount = ...) or METAFLOW_KUBERNETES_SERVICE_ACCOUNT.");
  }

  @Test
  void aPodSecurityRefusalPointsAtTheRestrictedProfile() {
    Stuck s = stuck("rejected-pod-security");
    assertThat(s.permanent()).isTrue();
    assertThat(s.fix()).contains("METAFLOW_KUBERNETES_SECURITY_PROFILE=restricted");
  }

  @Test
  void aJobWithoutEventsHasNothingToSay() {
    assertThat(PodDiagnosis.diagnose(null, List.of(), List.of())).isEmpty();
  }

  @Test
  void theInputsAreNotChanged() {
    var json = new KubernetesSerialization();
    for (String name : List.of("unschedulable-several-reasons", "image-not-found-backoff")) {
      Fixture f = Fixture.load(name);
      String before = json.asJson(f.pod()) + json.asJson(f.podEvents());
      Optional<Stuck> s = f.diagnose();
      assertThat(s).isPresent();
      assertThat(json.asJson(f.pod()) + json.asJson(f.podEvents())).isEqualTo(before);
    }
  }
}
