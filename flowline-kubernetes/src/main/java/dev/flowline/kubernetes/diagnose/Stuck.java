package dev.flowline.kubernetes.diagnose;

import java.util.Objects;

/**
 * Why a task's pod does not run, and what to do about it.
 *
 * @param cause the kind of problem
 * @param policy whether to fail the task now or let it wait (up to {@code pendingTimeout})
 * @param summary what is wrong, in one clause, e.g. {@code the image "ghcr.io/acme/train:v9" of
 *     container train does not exist}
 * @param evidence the message Kubernetes gave, exactly (the scheduler's {@code PodScheduled}
 *     condition, a container's waiting message, or an event)
 * @param fix what to change, naming the setting (e.g. {@code @Kubernetes(cpu = ...)} or {@code
 *     METAFLOW_KUBERNETES_CPU})
 * @param progress one line for progress output, e.g. {@code waiting for a node with 64 CPUs: 0/2
 *     nodes are available: 2 Insufficient cpu}; the summary for a PERMANENT cause
 */
public record Stuck(
    StuckCause cause, Policy policy, String summary, String evidence, String fix, String progress) {

  /** Whether a stuck pod may still start. */
  public enum Policy {
    /** It cannot start without a change by someone: fail the task now. */
    PERMANENT,
    /** It may start (a node may be added, quota freed, a volume bound): wait, up to a limit. */
    WAITING
  }

  /** Canonical form: nothing null. */
  public Stuck {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(fix, "fix");
    Objects.requireNonNull(progress, "progress");
  }

  /** A cause that cannot resolve by itself; its progress line is its summary. */
  public static Stuck permanent(StuckCause cause, String summary, String evidence, String fix) {
    return new Stuck(cause, Policy.PERMANENT, summary, evidence, fix, summary);
  }

  /** A cause that may resolve; {@code progress} says what the task waits for. */
  public static Stuck waiting(
      StuckCause cause, String summary, String evidence, String fix, String progress) {
    return new Stuck(cause, Policy.WAITING, summary, evidence, fix, progress);
  }

  /** Whether the task should fail now. */
  public boolean permanent() {
    return policy == Policy.PERMANENT;
  }

  /**
   * The message for the user: {@code SUMMARY (Kubernetes: EVIDENCE). FIX}, e.g. {@code the image
   * "x" of container train does not exist (Kubernetes: Back-off pulling image "x": ...). Check the
   * name and tag; ...}.
   */
  public String message() {
    return summary + " (Kubernetes: " + evidence + "). " + fix;
  }
}
