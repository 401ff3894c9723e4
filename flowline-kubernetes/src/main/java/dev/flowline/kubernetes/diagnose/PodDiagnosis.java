package dev.flowline.kubernetes.diagnose;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a task's pod is doing before it runs: whether it is stuck, why, and whether to fail the task
 * now ({@link Stuck.Policy#PERMANENT}) or let it wait up to {@code pendingTimeout} ({@link
 * Stuck.Policy#WAITING}). Pure: it reads the pod, its events and its Job's events as the launcher's
 * informer last saw them, and talks to no API server.
 *
 * <p>The launcher calls {@link #diagnose} on every update of a task's pod, of its events or of its
 * Job's events while the pod has not run, and {@link PodEnds} once the pod or Job has ended. In
 * order, it looks at: the Job's {@code FailedCreate} events when there is no pod (quota,
 * admission); the pod's {@code PodScheduled=False} condition (or its {@code FailedScheduling}
 * event); each container's waiting reason, init containers first (image pull, configuration);
 * volume events while containers are created. A pod the scheduler has not looked at yet (Pending,
 * no conditions) and a running or finished pod are not stuck.
 */
public final class PodDiagnosis {
  private PodDiagnosis() {}

  /**
   * Why the task's pod does not run, or empty when it is not stuck.
   *
   * @param pod the pod as last seen; {@code null} when the Job has no pod (yet)
   * @param podEvents the events about the pod (involvedObject the pod), any order
   * @param jobEvents the events about the pod's Job, any order
   */
  public static Optional<Stuck> diagnose(Pod pod, List<Event> podEvents, List<Event> jobEvents) {
    Objects.requireNonNull(podEvents, "podEvents");
    Objects.requireNonNull(jobEvents, "jobEvents");
    if (pod == null) {
      return CreationDiagnosis.of(jobEvents);
    }
    String phase = PodFacts.phase(pod);
    if (phase.equals("Succeeded") || phase.equals("Failed") || PodFacts.deleting(pod)) {
      return Optional.empty();
    }
    Optional<Stuck> scheduling = scheduling(pod, podEvents);
    if (scheduling.isPresent() || PodFacts.spec(pod).getNodeName() == null) {
      return scheduling;
    }
    List<ContainerStatus> statuses = new ArrayList<>(PodFacts.initStatuses(pod));
    statuses.addAll(PodFacts.mainStatuses(pod));
    for (ContainerStatus s : statuses) {
      ContainerStateWaiting waiting = waiting(s);
      if (waiting == null) {
        continue;
      }
      String reason = Objects.toString(waiting.getReason(), "");
      if (ImagePullDiagnosis.REASONS.contains(reason)) {
        return Optional.of(ImagePullDiagnosis.of(pod, s, podEvents));
      }
      if (reason.equals("CreateContainerConfigError")) {
        return Optional.of(ContainerStartDiagnosis.configError(pod, s));
      }
      if (reason.equals("CreateContainerError")) {
        return Optional.of(ContainerStartDiagnosis.createError(pod, s));
      }
    }
    if (!phase.equals("Pending")) {
      return Optional.empty();
    }
    Optional<ContainerStatus> creating =
        statuses.stream().filter(s -> waiting(s) != null).findFirst();
    String container =
        creating
            .map(ContainerStatus::getName)
            .orElseGet(
                () ->
                    PodFacts.list(PodFacts.spec(pod).getContainers()).stream()
                        .findFirst()
                        .map(c -> c.getName())
                        .orElse("(unnamed)"));
    String reason =
        creating.map(s -> Objects.toString(waiting(s).getReason(), "Waiting")).orElse("Pending");
    return Optional.of(ContainerStartDiagnosis.creating(pod, container, reason, podEvents));
  }

  private static Optional<Stuck> scheduling(Pod pod, List<Event> podEvents) {
    Optional<PodCondition> scheduled = PodFacts.condition(pod, "PodScheduled");
    if (scheduled.isPresent() && "True".equals(scheduled.get().getStatus())) {
      return Optional.empty();
    }
    if (scheduled.isPresent() && "SchedulingGated".equals(scheduled.get().getReason())) {
      return Optional.of(
          SchedulingDiagnosis.gated(Objects.toString(scheduled.get().getMessage(), "")));
    }
    String message = scheduled.map(c -> Objects.toString(c.getMessage(), "").trim()).orElse("");
    if (message.isEmpty() && PodFacts.spec(pod).getNodeName() == null) {
      message = Events.latest(podEvents, "FailedScheduling").map(Events::message).orElse("");
    }
    return message.isEmpty() ? Optional.empty() : Optional.of(SchedulingDiagnosis.of(pod, message));
  }

  private static ContainerStateWaiting waiting(ContainerStatus s) {
    return s.getState() == null ? null : s.getState().getWaiting();
  }
}
