package dev.flowline.kubernetes.diagnose;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a task's pod ended, and which retry budget that counts against. Pure: it reads the pod, its
 * Job and the pod's events as last seen.
 *
 * <p>The launcher calls {@link #classify} on every update of a task's pod or Job (it answers empty
 * until one of them has ended), and {@link #deleted} when its informer reports the pod or the Job
 * deleted before either was seen to end. What the pod says wins over what the Job says (with {@code
 * backoffLimit: 0} the Job only repeats {@code BackoffLimitExceeded}), in this order: a {@code
 * DisruptionTarget} condition or the pod's status reason (eviction, lost node, preemption,
 * deadline, node refusal); then the decisive container's termination ({@code OOMKilled}, exit code
 * 0, 1, 2, 128 + signal, other); then a deletion by someone else; then the Job's own condition
 * ({@code Complete}, {@code Failed} with {@code DeadlineExceeded}).
 *
 * <p>Suggested outcomes: {@code SUCCEEDED} → Succeeded; {@code USER_FAILURE} → Failed with the
 * exception summary the task recorded (a crash when it recorded none); {@code CRASHED}, {@code
 * SIGNAL}, {@code OOM_KILLED}, {@code DELETED} → Crashed(exit code); {@code DEADLINE_EXCEEDED} →
 * TimedOut({@link PodEnd#deadline}); the {@link RetryBudget#INFRASTRUCTURE} ends → run the attempt
 * again while infrastructure retries remain, then InfrastructureFailure({@link PodEnd#message}).
 */
public final class PodEnds {
  /** What disappeared before it was seen to end. */
  public enum Removed {
    /** The pod was deleted (its Job still exists). */
    POD,
    /** The Job was deleted (and its pod with it). */
    JOB
  }

  private PodEnds() {}

  /**
   * How the attempt ended, or empty while neither the pod nor the Job has ended.
   *
   * @param pod the pod as last seen; {@code null} when the Job never had one or it is gone
   * @param job the Job as last seen; {@code null} when unknown
   * @param podEvents the events about the pod, any order
   */
  public static Optional<PodEnd> classify(Pod pod, Job job, List<Event> podEvents) {
    Objects.requireNonNull(podEvents, "podEvents");
    String phase = pod == null ? "" : PodFacts.phase(pod);
    boolean podEnded = phase.equals("Succeeded") || phase.equals("Failed");
    Optional<JobCondition> jobEnd = jobEnd(job);
    if (!podEnded && jobEnd.isEmpty()) {
      return Optional.empty();
    }
    if (pod != null) {
      Optional<PodEnd> fromPod = fromPod(pod, podEvents, podEnded);
      if (fromPod.isPresent()) {
        return fromPod;
      }
    }
    return jobEnd.map(c -> fromJob(job, c));
  }

  /**
   * How the attempt ended when its pod or Job disappeared before either was seen to end: what the
   * last seen pod shows (a disruption, a node that stopped reporting), else {@link
   * EndCause#DELETED}.
   *
   * @param lastSeen the pod as last seen; {@code null} when none was seen
   * @param podEvents the events about the pod, any order
   * @param removed what was deleted
   */
  public static PodEnd deleted(Pod lastSeen, List<Event> podEvents, Removed removed) {
    Objects.requireNonNull(podEvents, "podEvents");
    Objects.requireNonNull(removed, "removed");
    if (lastSeen != null) {
      String phase = PodFacts.phase(lastSeen);
      Optional<PodEnd> end =
          fromPod(lastSeen, podEvents, phase.equals("Succeeded") || phase.equals("Failed"));
      if (end.isPresent() && end.get().cause() != EndCause.DELETED) {
        return end.get();
      }
    }
    Optional<PodEnd> lost = DisruptionEnds.nodeNotReady(lastSeen, podEvents);
    if (lost.isPresent()) {
      return lost.get();
    }
    return deletedBySomeone(lastSeen, removed);
  }

  private static Optional<PodEnd> fromPod(Pod pod, List<Event> podEvents, boolean ended) {
    if (PodFacts.phase(pod).equals("Succeeded")) {
      // a disruption that came after the task's end does not undo its success
      Optional<ContainerStatus> done = TerminationEnds.decisive(pod);
      if (done.isPresent() && TerminationEnds.exitCode(done.get()) == 0) {
        return Optional.of(TerminationEnds.of(pod, done.get()));
      }
    }
    Optional<PodEnd> disrupted = DisruptionEnds.of(pod);
    if (disrupted.isPresent()) {
      return disrupted;
    }
    Optional<ContainerStatus> decisive = TerminationEnds.decisive(pod);
    boolean deleting = PodFacts.deleting(pod);
    if (decisive.isPresent()) {
      ContainerStatus s = decisive.get();
      int code = TerminationEnds.exitCode(s);
      boolean oom = "OOMKilled".equals(TerminationEnds.terminated(s).getReason());
      if (deleting && !oom && (code > 128 || code < 0)) {
        return Optional.of(
            DisruptionEnds.nodeNotReady(pod, podEvents)
                .orElseGet(() -> deletedBySomeone(pod, Removed.POD)));
      }
      if (ended || code != 0) {
        return Optional.of(TerminationEnds.of(pod, s));
      }
    }
    if (deleting || ended) {
      Optional<PodEnd> lost = DisruptionEnds.nodeNotReady(pod, podEvents);
      if (lost.isPresent() || deleting) {
        return Optional.of(lost.orElseGet(() -> deletedBySomeone(pod, Removed.POD)));
      }
      String reason = Objects.toString(PodFacts.status(pod).getReason(), "");
      String message = Objects.toString(PodFacts.status(pod).getMessage(), "").trim();
      return Optional.of(
          DisruptionEnds.user(
              EndCause.CRASHED,
              "the pod failed before its containers ran",
              (reason + (message.isEmpty() ? "" : ": " + message)).trim(),
              "`kubectl describe pod " + PodFacts.name(pod) + "` shows its events."));
    }
    return Optional.empty();
  }

  private static PodEnd deletedBySomeone(Pod pod, Removed removed) {
    String name = pod == null ? "" : " " + PodFacts.name(pod);
    String what =
        removed == Removed.JOB
            ? "the task's Job was deleted while it ran"
            : "the pod" + name + " was deleted while it ran";
    String evidence =
        pod == null || pod.getMetadata() == null || pod.getMetadata().getDeletionTimestamp() == null
            ? ""
            : "deletionTimestamp " + pod.getMetadata().getDeletionTimestamp();
    return DisruptionEnds.user(
        EndCause.DELETED,
        what + ", by someone other than Flowline",
        evidence,
        "Something outside Flowline deleted it (kubectl delete, a cleanup job, a controller); to"
            + " stop a run, use Flowline's own commands. The attempt counts against @Retry.");
  }

  private static Optional<JobCondition> jobEnd(Job job) {
    if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> "True".equals(c.getStatus()))
        .filter(c -> "Complete".equals(c.getType()) || "Failed".equals(c.getType()))
        .findFirst();
  }

  private static PodEnd fromJob(Job job, JobCondition c) {
    String evidence =
        (Objects.toString(c.getReason(), "")
                + (c.getMessage() == null ? "" : ": " + c.getMessage().trim()))
            .trim();
    if ("Complete".equals(c.getType())) {
      return new PodEnd(
          EndCause.SUCCEEDED,
          RetryBudget.NONE,
          Optional.empty(),
          "the task's Job completed",
          evidence,
          "",
          Optional.empty());
    }
    if ("DeadlineExceeded".equals(c.getReason())) {
      Optional<Duration> limit =
          Optional.ofNullable(
                  job.getSpec() == null ? null : job.getSpec().getActiveDeadlineSeconds())
              .map(Duration::ofSeconds);
      return new PodEnd(
          EndCause.DEADLINE_EXCEEDED,
          RetryBudget.USER,
          Optional.empty(),
          "the task's Job ran longer than its time limit"
              + limit
                  .map(l -> " of " + Durations.show(l) + " (Job activeDeadlineSeconds)")
                  .orElse(""),
          evidence,
          "Flowline puts the time limit on the pod, not the Job: a policy or webhook of the"
              + " cluster set this one; ask the cluster's administrators.",
          limit);
    }
    return DisruptionEnds.user(
        EndCause.CRASHED,
        "the task's Job failed and its pod is gone",
        evidence,
        "The task's log may say why.");
  }
}
