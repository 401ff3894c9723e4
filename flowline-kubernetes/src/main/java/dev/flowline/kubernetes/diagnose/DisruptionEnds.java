package dev.flowline.kubernetes.diagnose;

import dev.flowline.kubernetes.config.KubernetesOptions;
import dev.flowline.kubernetes.render.SharedMemoryFeature;
import dev.flowline.kubernetes.render.TmpfsFeature;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Ends the cluster decides, read from the pod itself: its {@code DisruptionTarget} condition
 * (reasons {@code PreemptionByScheduler}, {@code DeletionByTaintManager}, {@code DeletionByPodGC},
 * {@code EvictionByEvictionAPI}, {@code TerminationByKubelet}), its status reason ({@code Evicted}
 * with the kubelet's eviction message, {@code DeadlineExceeded}, {@code NodeLost}, {@code
 * Terminated} on node shutdown, the kubelet's admission refusals such as {@code OutOfcpu}), and a
 * {@code NodeNotReady} event.
 */
final class DisruptionEnds {
  private static final String RETRIES =
      "Flowline runs the attempt again, up to infrastructureRetries (@Kubernetes("
          + "infrastructureRetries = ...) or "
          + KubernetesOptions.INFRASTRUCTURE_RETRIES.key()
          + ").";

  private DisruptionEnds() {}

  /** The end the pod's disruption condition or status reason shows, if either does. */
  static Optional<PodEnd> of(Pod pod) {
    String reason = Objects.toString(PodFacts.status(pod).getReason(), "");
    String message = Objects.toString(PodFacts.status(pod).getMessage(), "").trim();
    String node = Objects.toString(PodFacts.spec(pod).getNodeName(), "(none)");
    Optional<PodCondition> disruption =
        PodFacts.condition(pod, "DisruptionTarget").filter(c -> "True".equals(c.getStatus()));
    if (disruption.isPresent()) {
      String why = Objects.toString(disruption.get().getReason(), "");
      String said = Objects.toString(disruption.get().getMessage(), "").trim();
      switch (why) {
        case "PreemptionByScheduler":
          return Optional.of(
              infra(
                  EndCause.PREEMPTED,
                  "the scheduler preempted the pod on node "
                      + node
                      + " to make room for a pod of higher priority",
                  said,
                  RETRIES));
        case "DeletionByTaintManager":
        case "DeletionByDeviceTaintManager":
          return Optional.of(
              infra(
                  EndCause.NODE_LOST,
                  "node "
                      + node
                      + " became unreachable or not ready, and Kubernetes deleted its"
                      + " pods",
                  said,
                  RETRIES));
        case "DeletionByPodGC":
          return Optional.of(
              infra(
                  EndCause.NODE_LOST,
                  "node " + node + " went away with the pod on it",
                  said,
                  RETRIES));
        case "EvictionByEvictionAPI":
          return Optional.of(
              infra(
                  EndCause.EVICTED,
                  "the pod was evicted through the Eviction API (a node drain, a cluster"
                      + " autoscaler scale-down or a descheduler)",
                  said,
                  RETRIES));
        case "TerminationByKubelet":
          if (!reason.equals("Evicted")) {
            return Optional.of(nodeShutdown(node, said.isEmpty() ? message : said));
          }
          break;
        default:
          break;
      }
    }
    switch (reason) {
      case "Evicted":
        return Optional.of(evicted(pod, node, message));
      case "DeadlineExceeded":
        return Optional.of(deadline(pod, message));
      case "NodeLost":
        return Optional.of(
            infra(EndCause.NODE_LOST, "node " + node + " stopped responding", message, RETRIES));
      case "Terminated":
      case "Shutdown":
        return Optional.of(nodeShutdown(node, message));
      default:
        if (reason.startsWith("OutOf")
            || reason.equals("UnexpectedAdmissionError")
            || reason.equals("NodeAffinity")
            || reason.equals("NodeSelectorMismatching")) {
          return Optional.of(
              infra(
                  EndCause.NODE_REJECTED,
                  "node " + node + " refused the pod when it arrived (" + reason + ")",
                  message,
                  "The scheduler and the node disagreed about what the node can run (often a"
                      + " device plugin's count). "
                      + RETRIES));
        }
        return Optional.empty();
    }
  }

  /**
   * A pod whose node stopped reporting ({@code NodeNotReady} event, which the node lifecycle
   * controller writes when it marks the node's pods not ready) and that was then lost; not when the
   * pod was seen ready again since.
   */
  static Optional<PodEnd> nodeNotReady(Pod pod, List<Event> podEvents) {
    boolean ready =
        pod != null
            && PodFacts.condition(pod, "Ready")
                .map(c -> "True".equals(c.getStatus()))
                .orElse(false);
    if (ready) {
      return Optional.empty(); // the node came back after that event: it is not why the pod ended
    }
    return Events.latest(podEvents, "NodeNotReady")
        .map(
            e ->
                infra(
                    EndCause.NODE_LOST,
                    "node "
                        + (pod == null
                            ? "(unknown)"
                            : Objects.toString(PodFacts.spec(pod).getNodeName(), "(none)"))
                        + " stopped reporting and the pod was lost",
                    Events.message(e),
                    RETRIES));
  }

  private static PodEnd nodeShutdown(String node, String message) {
    return infra(
        EndCause.NODE_LOST,
        "node " + node + " shut down (a spot or preemptible instance reclaimed, or maintenance)",
        message,
        RETRIES);
  }

  private static PodEnd evicted(Pod pod, String node, String message) {
    if (message.contains("Usage of EmptyDir volume")) {
      String setting =
          message.contains("\"" + SharedMemoryFeature.VOLUME + "\"")
              ? "sharedMemory (@Kubernetes(sharedMemory = ...) or "
                  + KubernetesOptions.SHARED_MEMORY.key()
                  + ")"
              : message.contains("\"" + TmpfsFeature.VOLUME + "\"")
                  ? "tmpfsSize (@Kubernetes(tmpfsSize = ...))"
                  : "the volume's sizeLimit";
      return user(
          EndCause.EVICTED,
          "the pod was evicted for writing more to a memory-backed volume than its size limit",
          message,
          "Raise " + setting + ", or write less there.");
    }
    if (message.contains("exceeded its local ephemeral storage limit")
        || message.contains("ephemeral local storage usage exceeds")) {
      return user(
          EndCause.EVICTED,
          "the pod was evicted for using more disk than its ephemeral-storage limit",
          message,
          "Raise disk with " + ResourceSettings.settings("ephemeral-storage") + ".");
    }
    String resource =
        message.contains("low on resource: memory")
            ? "memory"
            : message.contains("low on resource: ephemeral-storage") ? "ephemeral-storage" : "";
    String fix =
        resource.isEmpty()
            ? RETRIES
            : "The pod used more "
                + ResourceSettings.noun(resource)
                + " than it requested"
                + PodFacts.request(pod, resource)
                    .map(r -> " (" + PodFacts.amount(resource, r) + ")")
                    .orElse("")
                + ", which makes it the first to go when the node runs short: ask for what it"
                + " uses with "
                + ResourceSettings.settings(resource)
                + (resource.equals("memory")
                    ? ", or reserve it with @Kubernetes(qos = \"Guaranteed\")"
                    : "")
                + ". "
                + RETRIES;
    return infra(
        EndCause.EVICTED,
        "node "
            + node
            + " evicted the pod because it ran short of "
            + (resource.isEmpty() ? "resources" : ResourceSettings.noun(resource)),
        message,
        fix);
  }

  private static PodEnd deadline(Pod pod, String message) {
    Long seconds = PodFacts.spec(pod).getActiveDeadlineSeconds();
    Optional<Duration> limit = Optional.ofNullable(seconds).map(Duration::ofSeconds);
    return new PodEnd(
        EndCause.DEADLINE_EXCEEDED,
        RetryBudget.USER,
        Optional.empty(),
        "the pod ran longer than its time limit"
            + limit.map(l -> " of " + Durations.show(l) + " (activeDeadlineSeconds)").orElse(""),
        message,
        "Flowline sets activeDeadlineSeconds from the step's @Timeout, else "
            + "METAFLOW_DEFAULT_RUNTIME_LIMIT. Kubernetes counts it from when the node accepted the"
            + " pod, so pulling the image and starting the JVM count too (Flowline's own @Timeout"
            + " clock starts with the task). Raise @Timeout or METAFLOW_DEFAULT_RUNTIME_LIMIT if"
            + " the task needs longer.",
        limit);
  }

  static PodEnd infra(EndCause cause, String summary, String evidence, String fix) {
    return new PodEnd(
        cause,
        RetryBudget.INFRASTRUCTURE,
        Optional.empty(),
        summary,
        evidence,
        fix,
        Optional.empty());
  }

  static PodEnd user(EndCause cause, String summary, String evidence, String fix) {
    return new PodEnd(
        cause, RetryBudget.USER, Optional.empty(), summary, evidence, fix, Optional.empty());
  }
}
