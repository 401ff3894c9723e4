package dev.flowline.kubernetes.diagnose;

/** Which retry budget an ended attempt draws on. */
public enum RetryBudget {
  /** None: it succeeded. */
  NONE,
  /**
   * The step's own {@code @Retry}: the task, its settings or someone's deliberate action ended it,
   * so running it again unchanged may fail the same way.
   */
  USER,
  /**
   * The infrastructure retries ({@code infrastructureRetries}): the cluster ended it (eviction
   * under node pressure, a lost node, a preemption), not the task.
   */
  INFRASTRUCTURE
}
