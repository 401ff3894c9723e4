package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes a pod's status as the kubelet does: phase, the five conditions with their kubelet reasons,
 * host and pod IPs, start time and the container statuses, as one JSON merge patch of {@code
 * pods/status} (lists replaced whole).
 */
final class PodStatusWriter {

  /**
   * What the agent knows about the pod at one moment.
   *
   * @param phase Pending, Running, Succeeded or Failed
   * @param reason the pod's reason (e.g. DeadlineExceeded) or null
   * @param message the pod's message or null
   * @param sandboxReady whether the pod's volumes are set up (PodReadyToStartContainers)
   * @param initialized whether the init containers completed
   * @param startTime when the agent accepted the pod
   * @param podIp the pod's address once its sandbox is ready, else null
   * @param initStatuses statuses of the init containers, in order
   * @param statuses statuses of the containers, in order
   */
  record Snapshot(
      String phase,
      String reason,
      String message,
      boolean sandboxReady,
      boolean initialized,
      Instant startTime,
      String podIp,
      Collection<ContainerStatus> initStatuses,
      Collection<ContainerStatus> statuses) {}

  private final KubernetesClient client;
  private final Map<String, PodCondition> previous = new HashMap<>();

  PodStatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Patches the status; false when the pod no longer exists. */
  synchronized boolean write(Pod pod, Snapshot s) {
    var status = build(pod, s);
    var patch = Serialization.asJson(Map.of("status", status));
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private PodStatus build(Pod pod, Snapshot s) {
    boolean terminal = s.phase().equals("Succeeded") || s.phase().equals("Failed");
    var conditions = new ArrayList<PodCondition>();
    conditions.add(
        condition("PodReadyToStartContainers", s.sandboxReady() && !terminal, null, null));
    var unfinishedInit =
        names(
            s.initStatuses(),
            c ->
                c.getState().getTerminated() == null
                    || c.getState().getTerminated().getExitCode() != 0);
    conditions.add(
        s.initialized() || terminal && unfinishedInit.isEmpty()
            ? condition(
                "Initialized",
                true,
                terminal && !s.initStatuses().isEmpty() ? "PodCompleted" : null,
                null)
            : condition(
                "Initialized",
                false,
                "ContainersNotInitialized",
                "containers with incomplete status: " + goList(unfinishedInit)));
    var unready = names(s.statuses(), c -> !Boolean.TRUE.equals(c.getReady()));
    boolean ready = unready.isEmpty() && !terminal && !s.statuses().isEmpty();
    String notReadyReason = terminal ? "PodCompleted" : "ContainersNotReady";
    String notReadyMessage = terminal ? null : "containers with unready status: " + goList(unready);
    conditions.add(
        ready
            ? condition("Ready", true, null, null)
            : condition("Ready", false, notReadyReason, notReadyMessage));
    conditions.add(
        ready
            ? condition("ContainersReady", true, null, null)
            : condition("ContainersReady", false, notReadyReason, notReadyMessage));
    if (pod.getStatus() != null) {
      pod.getStatus().getConditions().stream()
          .filter(c -> c.getType().equals("PodScheduled") || c.getType().equals("DisruptionTarget"))
          .forEach(conditions::add);
    }
    return new PodStatusBuilder()
        .withPhase(s.phase())
        .withReason(s.reason())
        .withMessage(s.message())
        .withConditions(conditions)
        .withHostIP(NodeRegistry.HOST_IP)
        .withHostIPs(new HostIP(NodeRegistry.HOST_IP))
        .withPodIP(s.podIp())
        .withPodIPs(s.podIp() == null ? List.of() : List.of(new PodIP(s.podIp())))
        .withStartTime(time(s.startTime()))
        .withQosClass(pod.getStatus() == null ? null : pod.getStatus().getQosClass())
        .withInitContainerStatuses(new ArrayList<>(s.initStatuses()))
        .withContainerStatuses(new ArrayList<>(s.statuses()))
        .build();
  }

  private PodCondition condition(String type, boolean value, String reason, String message) {
    var status = value ? "True" : "False";
    var before = previous.get(type);
    var since =
        before != null && before.getStatus().equals(status)
            ? before.getLastTransitionTime()
            : time(Instant.now());
    var condition =
        new PodConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withReason(reason)
            .withMessage(message)
            .withLastTransitionTime(since)
            .withLastProbeTime(null)
            .build();
    previous.put(type, condition);
    return condition;
  }

  private static List<String> names(
      Collection<ContainerStatus> statuses, java.util.function.Predicate<ContainerStatus> which) {
    return statuses.stream()
        .filter(which)
        .map(ContainerStatus::getName)
        .collect(Collectors.toList());
  }

  /** A list as Go's fmt prints it: {@code [a b]}. */
  private static String goList(List<String> names) {
    return "[" + String.join(" ", names) + "]";
  }

  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
