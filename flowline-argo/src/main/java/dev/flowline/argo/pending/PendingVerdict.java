package dev.flowline.argo.pending;

import dev.flowline.kubernetes.diagnose.PodDiagnosis;
import dev.flowline.kubernetes.diagnose.Stuck;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Whether the pending watchdog of a deployed run fails a pod of that run now, and with which
 * message. Pure: it reads the pod and its events as last seen.
 *
 * <p>Only pods of step templates are looked at (they carry {@link #TIMEOUT_ANNOTATION}, the step's
 * pending timeout in seconds). A Pending pod fails now when it is stuck for a permanent cause (the
 * same diagnosis as the Kubernetes launcher's: an image that cannot be pulled, a missing Secret for
 * a container, ...), and once it has waited its pending timeout when it is stuck for a cause that
 * may still resolve (no node fits, a volume not bound) or was never scheduled. A pod on a node
 * whose containers are being started without any sign of trouble is left alone, as the launcher
 * leaves it.
 */
public final class PendingVerdict {
  /** The annotation of a step's pod with its pending timeout in seconds. */
  public static final String TIMEOUT_ANNOTATION = "flowline.dev/pending-timeout";

  private PendingVerdict() {}

  /**
   * Why the pod is failed.
   *
   * @param reason the pod status reason, {@code PendingTimeout} or {@code FailedToStart}
   * @param message what was wrong, the evidence and the fix, for the pod's status (Argo shows it as
   *     the task's message)
   */
  public record Failure(String reason, String message) {}

  /** The pod's pending timeout, when it is a step's pod. */
  public static Optional<Duration> timeout(Pod pod) {
    var meta = pod.getMetadata();
    if (meta == null || meta.getAnnotations() == null) {
      return Optional.empty();
    }
    String v = meta.getAnnotations().get(TIMEOUT_ANNOTATION);
    if (v == null) {
      return Optional.empty();
    }
    try {
      long s = Long.parseLong(v.trim());
      return s > 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** How long the pod has existed at {@code now}, when its creation time is known. */
  public static Optional<Duration> waited(Pod pod, Instant now) {
    var meta = pod.getMetadata();
    if (meta == null || meta.getCreationTimestamp() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.between(Instant.parse(meta.getCreationTimestamp()), now));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Whether the pod is a step's pod still Pending and not being deleted. */
  public static boolean pending(Pod pod) {
    return timeout(pod).isPresent()
        && pod.getStatus() != null
        && "Pending".equals(pod.getStatus().getPhase())
        && pod.getMetadata().getDeletionTimestamp() == null;
  }

  /**
   * The failure of {@code pod} at {@code now}, or empty when it may go on waiting.
   *
   * @param events the pod's events, any order (empty is fine: the diagnosis then reads the pod
   *     alone, which is enough for scheduling, image pull and container configuration problems)
   */
  public static Optional<Failure> of(Pod pod, List<Event> events, Instant now) {
    if (!pending(pod)) {
      return Optional.empty();
    }
    Duration timeout = timeout(pod).orElseThrow();
    Optional<Stuck> stuck = PodDiagnosis.diagnose(pod, events, List.of());
    if (stuck.isPresent() && stuck.get().permanent()) {
      return Optional.of(new Failure("FailedToStart", "flowline: " + stuck.get().message()));
    }
    Duration waited = waited(pod, now).orElse(Duration.ZERO);
    if (waited.compareTo(timeout) < 0) {
      return Optional.empty();
    }
    boolean unscheduled = pod.getSpec() == null || pod.getSpec().getNodeName() == null;
    if (stuck.isEmpty() && !unscheduled) {
      return Optional.empty();
    }
    String what =
        stuck
            .map(Stuck::message)
            .orElse("the pod was not scheduled to any node (no scheduler has looked at it).");
    return Optional.of(
        new Failure(
            "PendingTimeout",
            "flowline: "
                + what
                + " The pod waited "
                + waited.toSeconds()
                + " s, longer than the pending timeout of "
                + timeout.toSeconds()
                + " s (@Kubernetes(pendingTimeout), METAFLOW_KUBERNETES_PENDING_TIMEOUT); the task"
                + " fails."));
  }

  /** What {@code pod} is waiting for, for the watchdog's log, when it is stuck. */
  public static Optional<String> progress(Pod pod, List<Event> events) {
    if (!pending(pod)) {
      return Optional.empty();
    }
    return PodDiagnosis.diagnose(pod, events, List.of()).map(Stuck::progress);
  }
}
