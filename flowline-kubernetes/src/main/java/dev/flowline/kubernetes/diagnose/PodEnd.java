package dev.flowline.kubernetes.diagnose;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a task's pod ended, and what to tell the user.
 *
 * @param cause the kind of end
 * @param budget the retry budget it counts against
 * @param exitCode the decisive container's exit code, when it has one
 * @param summary what happened, in one clause, e.g. {@code container train was OOM-killed (exit
 *     code 137)}
 * @param evidence the message Kubernetes gave, exactly (the pod's status message, a condition, a
 *     container's termination); empty when it gave none
 * @param fix what to change, naming the setting; empty when there is nothing to change
 * @param deadline the time limit that was passed, for {@link EndCause#DEADLINE_EXCEEDED}
 */
public record PodEnd(
    EndCause cause,
    RetryBudget budget,
    Optional<Integer> exitCode,
    String summary,
    String evidence,
    String fix,
    Optional<Duration> deadline) {

  /** Canonical form: nothing null. */
  public PodEnd {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(fix, "fix");
    Objects.requireNonNull(deadline, "deadline");
  }

  /** Whether it counts against the infrastructure retries rather than {@code @Retry}. */
  public boolean infrastructure() {
    return budget == RetryBudget.INFRASTRUCTURE;
  }

  /** Whether the task succeeded. */
  public boolean succeeded() {
    return cause == EndCause.SUCCEEDED;
  }

  /**
   * The message for the user: {@code SUMMARY (Kubernetes: EVIDENCE). FIX}, parts omitted when
   * empty.
   */
  public String message() {
    StringBuilder b = new StringBuilder(summary);
    if (!evidence.isEmpty()) {
      b.append(" (Kubernetes: ").append(evidence).append(')');
    }
    b.append('.');
    if (!fix.isEmpty()) {
      b.append(' ').append(fix);
    }
    return b.toString();
  }
}
