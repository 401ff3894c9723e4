package dev.flowline.kubernetes.diagnose;

/** How a task's pod ended (see {@link PodEnds}). */
public enum EndCause {
  /** The task's container exited 0. */
  SUCCEEDED,
  /**
   * The task's process exited 1: the task failed and recorded its exception in the datastore (when
   * it got that far: a JVM that cannot start exits 1 too, and then no record exists).
   */
  USER_FAILURE,
  /** The container exited with another code, or could not start. */
  CRASHED,
  /** The kernel killed the container for memory ({@code OOMKilled}). */
  OOM_KILLED,
  /** A signal ended the container (exit code 128 + signal): SIGKILL, SIGSEGV, SIGABRT, ... */
  SIGNAL,
  /**
   * The pod was evicted: by its node under memory or disk pressure, for passing its own disk
   * limits, or through the Eviction API (a node drain, a scale-down).
   */
  EVICTED,
  /** Its node went away: unreachable, not ready, deleted or shut down (e.g. spot reclaim). */
  NODE_LOST,
  /** The node refused the pod on arrival (e.g. {@code OutOfnvidia.com/gpu}). */
  NODE_REJECTED,
  /** The scheduler preempted it for a pod of higher priority. */
  PREEMPTED,
  /** It ran past {@code activeDeadlineSeconds} (the pod's, from {@code @Timeout}, or the Job's). */
  DEADLINE_EXCEEDED,
  /** The pod or its Job was deleted while it ran, by someone other than Flowline. */
  DELETED
}
