package dev.flowline.kubernetes.launch;

import dev.flowline.kubernetes.diagnose.EndCause;
import dev.flowline.kubernetes.diagnose.PodDiagnosis;
import dev.flowline.kubernetes.diagnose.PodEnd;
import dev.flowline.kubernetes.diagnose.PodEnds;
import dev.flowline.kubernetes.diagnose.Stuck;
import dev.flowline.metadata.ExceptionSummary;
import dev.flowline.runtime.AttemptOutcome;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.Optional;

/**
 * What the launcher makes of an attempt's Job and pod: whether its container started, how it ended
 * (from {@link PodEnds}) and whether a pod that has not started is stuck (from {@link
 * PodDiagnosis}), turned into the runtime's {@link AttemptOutcome}s and the policy of the pending
 * timeout. Pure.
 */
final class PodOutcomes {
  private PodOutcomes() {}

  /**
   * An attempt's end.
   *
   * @param end what Kubernetes shows
   * @param containerRan whether the container ran (its log may have lines to follow)
   */
  record End(PodEnd end, boolean containerRan) {
    /** Whether the runtime must read the failure the task recorded. */
    boolean userFailure() {
      return end.cause() == EndCause.USER_FAILURE;
    }

    /**
     * The outcome for the runtime; {@code recorded} is the exception the task saved (read only for
     * a user failure: a JVM that could not start exits 1 too, and then it is a crash).
     */
    AttemptOutcome outcome(Optional<ExceptionSummary> recorded) {
      return switch (end.cause()) {
        case SUCCEEDED -> new AttemptOutcome.Succeeded();
        case USER_FAILURE ->
            recorded.isPresent()
                ? new AttemptOutcome.Failed(recorded)
                : new AttemptOutcome.Crashed(end.exitCode());
        case DEADLINE_EXCEEDED -> new AttemptOutcome.TimedOut(end.deadline().orElse(Duration.ZERO));
        default ->
            end.infrastructure()
                ? new AttemptOutcome.Disrupted(end.summary())
                : end.cause() == EndCause.DELETED && end.exitCode().isEmpty()
                    ? new AttemptOutcome.InfrastructureFailure(end.summary())
                    : new AttemptOutcome.Crashed(end.exitCode());
      };
    }

    /** The line explaining the end in the task's output; none for a success or a plain failure. */
    Optional<String> explanation(boolean recordedFailure) {
      if (end.succeeded() || (userFailure() && recordedFailure)) {
        return Optional.empty();
      }
      return Optional.of("flowline: " + end.message());
    }
  }

  /**
   * A pod that has not started and what to do now.
   *
   * @param stuck the diagnosis
   * @param failNow whether the task fails now: the cause is permanent, or its wait passed the
   *     pending timeout
   * @param waited how long the attempt has waited since its Job was submitted
   */
  record Waiting(Stuck stuck, boolean failNow, Duration waited) {
    /** The lines saved as the attempt's output when it fails. */
    String evidence(Duration pendingTimeout) {
      String text = "flowline: " + stuck.message();
      if (stuck.permanent()) {
        return text;
      }
      return text
          + "\nflowline: the pod waited "
          + waited.toSeconds()
          + " s, longer than the pending timeout of "
          + pendingTimeout.toSeconds()
          + " s (@Kubernetes(pendingTimeout), METAFLOW_KUBERNETES_PENDING_TIMEOUT); the task"
          + " fails.";
    }

    /** The one-line summary for the outcome. */
    String summary() {
      return stuck.permanent()
          ? stuck.summary()
          : stuck.summary() + " for " + waited.toSeconds() + " s (pending timeout)";
    }
  }

  /** Whether {@code pod}'s task container started (it runs or ran). */
  static boolean running(Pod pod) {
    return mainStatus(pod)
        .map(
            s ->
                s.getState() != null
                    && (s.getState().getRunning() != null || s.getState().getTerminated() != null))
        .orElse(false);
  }

  /** Whether {@code pod} is in phase {@code Succeeded} or {@code Failed}. */
  static boolean finalPhase(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** How the attempt of {@code t} ended, or empty while it goes on. */
  static Optional<End> end(Tracked t) {
    // a gang's workers share one Job: its end says nothing about one worker, its pod does
    Optional<PodEnd> end = PodEnds.classify(t.pod, t.gang == null ? t.job : null, t.podEvents);
    if (end.isEmpty() && (t.jobDeleted || t.podDeleted)) {
      end =
          Optional.of(
              PodEnds.deleted(
                  t.pod, t.podEvents, t.jobDeleted ? PodEnds.Removed.JOB : PodEnds.Removed.POD));
    }
    return end.map(e -> new End(e, t.pod != null && running(t.pod)));
  }

  /** Whether {@code t}'s pod is stuck before its container started, and whether to fail now. */
  static Optional<Waiting> stuck(Tracked t, long nowNanos, Duration pendingTimeout) {
    if (t.pod != null && running(t.pod)) {
      return Optional.empty();
    }
    Duration waited = Duration.ofNanos(nowNanos - t.submittedNanos);
    return PodDiagnosis.diagnose(t.pod, t.podEvents, t.jobEvents)
        .map(s -> new Waiting(s, s.permanent() || waited.compareTo(pendingTimeout) >= 0, waited));
  }

  private static Optional<ContainerStatus> mainStatus(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    String main = pod.getSpec().getContainers().get(0).getName();
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> main.equals(s.getName()))
        .findFirst();
  }
}
