package dev.flowline.kubernetes;

import java.util.Objects;
import java.util.Optional;

/**
 * How the Kubernetes launcher treats a step's pods that do not start or that end for reasons of the
 * cluster rather than of the task: how long a pod may wait for something that may still come
 * ({@code pendingTimeout}), how many times an attempt is run again after an eviction, a lost node
 * or a preemption ({@code infrastructureRetries}, separate from {@code @Retry}), and whether memory
 * is raised after an OOM kill ({@code oomMemoryFactor}, {@code oomMemoryMax}). Read by the
 * launcher; not part of the Job.
 *
 * @param pendingTimeoutSeconds how long a pod may stay in a waiting cause (no node yet, quota used
 *     by others, a volume not bound, the container still being created) before the task fails
 * @param infrastructureRetries how many times an attempt ended by the infrastructure is run again
 *     before it fails; these runs do not count against {@code @Retry}
 * @param oomStepUp the memory step-up after an OOM kill, when on
 */
public record RecoverySettings(
    long pendingTimeoutSeconds, int infrastructureRetries, Optional<MemoryStepUp> oomStepUp) {
  /** Default of {@code pendingTimeout}: 10 minutes, time for a cluster autoscaler to add a node. */
  public static final long DEFAULT_PENDING_TIMEOUT_SECONDS = 600;

  /** Default of {@code infrastructureRetries}. */
  public static final int DEFAULT_INFRASTRUCTURE_RETRIES = 3;

  /** Canonical form: positive timeout, no negative retries. */
  public RecoverySettings {
    Objects.requireNonNull(oomStepUp, "oomStepUp");
    if (pendingTimeoutSeconds < 1) {
      throw new IllegalArgumentException(
          "pendingTimeoutSeconds must be at least 1, got " + pendingTimeoutSeconds);
    }
    if (infrastructureRetries < 0) {
      throw new IllegalArgumentException(
          "infrastructureRetries must not be negative, got " + infrastructureRetries);
    }
  }

  /** The defaults: 600 s pending timeout, 3 infrastructure retries, no memory step-up. */
  public static RecoverySettings defaults() {
    return new RecoverySettings(
        DEFAULT_PENDING_TIMEOUT_SECONDS, DEFAULT_INFRASTRUCTURE_RETRIES, Optional.empty());
  }

  /**
   * The memory (MB) for the next attempt of a step that asks for {@code baseMb}, after {@code
   * oomKills} of its earlier attempts were OOM-killed: {@code baseMb} without a step-up, else
   * {@link MemoryStepUp#memoryMb}.
   */
  public long memoryMb(long baseMb, int oomKills) {
    return oomStepUp.map(s -> s.memoryMb(baseMb, oomKills)).orElse(baseMb);
  }
}
