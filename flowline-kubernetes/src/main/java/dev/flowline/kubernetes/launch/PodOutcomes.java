package dev.flowline.kubernetes.launch;

import dev.flowline.runtime.AttemptOutcome;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How an attempt's Job and pod are doing, read from what the API server holds: whether its
 * container started, how it ended ({@link #end}), and whether a pod that has not started is stuck
 * ({@link #stuck}). Pure: reads the objects the watch saw and nothing else.
 */
final class PodOutcomes {
  /** How long a pod may wait for a cause that can resolve (a node, a volume) by default. */
  static final Duration DEFAULT_PENDING_TIMEOUT = Duration.ofSeconds(600);

  /** How long a Job may have no pod before its events are read as the reason. */
  static final Duration NO_POD_GRACE = Duration.ofSeconds(5);

  private static final Set<String> PULL_FAILURES =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

  private PodOutcomes() {}

  /** How an attempt ended, as Kubernetes shows it. */
  enum Kind {
    SUCCEEDED,
    USER_FAILURE,
    OOM_KILLED,
    CRASHED,
    DEADLINE_EXCEEDED,
    EVICTED,
    NODE_LOST,
    PREEMPTED,
    DELETED,
    NOT_STARTED
  }

  /**
   * An attempt's end.
   *
   * @param kind what happened
   * @param outcome the outcome for the runtime (for {@link Kind#USER_FAILURE} the launcher adds the
   *     exception the task recorded)
   * @param explanation a line for the task's output: cause, evidence and fix (none for a success or
   *     a plain user failure)
   * @param containerRan whether the container ran (its log may have lines)
   */
  record End(
      Kind kind, AttemptOutcome outcome, Optional<String> explanation, boolean containerRan) {}

  /**
   * A pod that has not started and may never.
   *
   * @param failNow whether the cause is permanent, or its wait passed the pending timeout
   * @param summary one line: the cause and the evidence
   * @param evidence the lines saved as the attempt's output (cause, Kubernetes' message, fix)
   */
  record Stuck(boolean failNow, String summary, List<String> evidence) {}

  /** Whether {@code pod}'s task container started (it runs or ran). */
  static boolean running(Pod pod) {
    return mainStatus(pod)
        .map(
            s ->
                s.getState() != null
                    && (s.getState().getRunning() != null || s.getState().getTerminated() != null))
        .orElse(false);
  }

  /** How the attempt ended, or empty while it goes on. */
  static Optional<End> end(Job job, Pod pod, boolean jobDeleted, boolean podDeleted) {
    if (pod != null && pod.getStatus() != null) {
      String phase = pod.getStatus().getPhase();
      if ("Succeeded".equals(phase)) {
        return Optional.of(
            new End(Kind.SUCCEEDED, new AttemptOutcome.Succeeded(), Optional.empty(), true));
      }
      if ("Failed".equals(phase)) {
        return Optional.of(failedPod(job, pod));
      }
      if (podDeleted) {
        return Optional.of(deletedPod(pod));
      }
    }
    if (jobDeleted) {
      String text =
          "flowline: the Job "
              + job.getMetadata().getName()
              + " was deleted while its task "
              + (pod == null ? "waited to start" : "ran")
              + " (by someone else: kubectl delete, a namespace clean-up). Run 'resume' to go on.";
      return Optional.of(
          new End(
              Kind.DELETED,
              new AttemptOutcome.InfrastructureFailure("its Job was deleted"),
              Optional.of(text),
              pod != null && running(pod)));
    }
    return jobFailedWithoutPod(job, pod);
  }

  private static End failedPod(Job job, Pod pod) {
    var status = pod.getStatus();
    String reason = String.valueOf(status.getReason());
    String message = status.getMessage() == null ? "" : status.getMessage();
    if (reason.equals("DeadlineExceeded")) {
      long limit =
          pod.getSpec().getActiveDeadlineSeconds() == null
              ? 0
              : pod.getSpec().getActiveDeadlineSeconds();
      return new End(
          Kind.DEADLINE_EXCEEDED,
          new AttemptOutcome.TimedOut(Duration.ofSeconds(limit)),
          Optional.of(
              "flowline: the pod passed its activeDeadlineSeconds of "
                  + limit
                  + " s and Kubernetes stopped it ("
                  + message
                  + "). The limit is the step's @Timeout, else"
                  + " METAFLOW_KUBERNETES_RUNTIME_LIMIT... see docs/kubernetes.md; raise it if"
                  + " the task needs longer."),
          running(pod));
    }
    if (reason.equals("Evicted")) {
      return new End(
          Kind.EVICTED,
          new AttemptOutcome.Disrupted("evicted: " + message),
          Optional.of(
              "flowline: the pod was evicted from its node: "
                  + message
                  + " (node pressure or an eviction request; the task did not fail by itself)."
                  + " Ask for enough ephemeral storage and memory (@Resources(disk, memory)) so"
                  + " the node keeps it."),
          running(pod));
    }
    Optional<PodCondition> disruption = condition(pod, "DisruptionTarget");
    Optional<ContainerStateTerminated> terminated =
        mainStatus(pod).map(ContainerStatus::getState).map(s -> s.getTerminated());
    if (terminated.isEmpty()) {
      return disruption
          .map(c -> disrupted(c, pod))
          .orElseGet(
              () ->
                  new End(
                      Kind.NOT_STARTED,
                      new AttemptOutcome.InfrastructureFailure(
                          "the pod failed before its container started: " + reason + " " + message),
                      Optional.of(
                          "flowline: the pod failed before its container started ("
                              + reason
                              + (message.isEmpty() ? "" : ": " + message)
                              + ")."),
                      false));
    }
    var t = terminated.get();
    int code = t.getExitCode() == null ? -1 : t.getExitCode();
    if ("OOMKilled".equals(t.getReason())) {
      return new End(
          Kind.OOM_KILLED,
          new AttemptOutcome.Crashed(Optional.of(code)),
          Optional.of(
              "flowline: the container was OOMKilled: it used all of its memory limit of "
                  + memoryLimit(pod)
                  + " (resources.limits.memory). Give the step more memory:"
                  + " @Kubernetes(memory = MB) or @Resources(memory = MB), or --with"
                  + " kubernetes:memory=MB."),
          true);
    }
    if (disruption.isPresent()) {
      return disrupted(disruption.get(), pod);
    }
    if (code == 1) {
      return new End(
          Kind.USER_FAILURE, new AttemptOutcome.Failed(Optional.empty()), Optional.empty(), true);
    }
    return new End(
        Kind.CRASHED,
        new AttemptOutcome.Crashed(Optional.of(code)),
        Optional.of("flowline: the task's JVM ended with exit code " + code + explainExit(code)),
        true);
  }

  private static End disrupted(PodCondition c, Pod pod) {
    String reason = String.valueOf(c.getReason());
    Kind kind =
        switch (reason) {
          case "PreemptionByScheduler" -> Kind.PREEMPTED;
          case "DeletionByTaintManager", "DeletionByPodGC" -> Kind.NODE_LOST;
          default -> Kind.EVICTED;
        };
    String what =
        switch (kind) {
          case PREEMPTED -> "the scheduler preempted the pod for one of higher priority";
          case NODE_LOST -> "the pod's node went away (NotReady or deleted)";
          default -> "the pod was evicted";
        };
    return new End(
        kind,
        new AttemptOutcome.Disrupted(what + ": " + c.getMessage()),
        Optional.of("flowline: " + what + " (" + reason + ": " + c.getMessage() + ")."),
        running(pod));
  }

  private static End deletedPod(Pod pod) {
    return condition(pod, "DisruptionTarget")
        .map(c -> disrupted(c, pod))
        .orElseGet(
            () ->
                new End(
                    Kind.DELETED,
                    new AttemptOutcome.InfrastructureFailure("its pod was deleted"),
                    Optional.of(
                        "flowline: the pod "
                            + pod.getMetadata().getName()
                            + " was deleted while it "
                            + (running(pod) ? "ran" : "waited to start")
                            + " (kubectl delete, a drained node?)."),
                    running(pod)));
  }

  private static Optional<End> jobFailedWithoutPod(Job job, Pod pod) {
    if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    for (var c : job.getStatus().getConditions()) {
      if (("Failed".equals(c.getType())) && "True".equals(c.getStatus()) && pod == null) {
        String text = c.getReason() + ": " + c.getMessage();
        return Optional.of(
            new End(
                "DeadlineExceeded".equals(c.getReason())
                    ? Kind.DEADLINE_EXCEEDED
                    : Kind.NOT_STARTED,
                new AttemptOutcome.InfrastructureFailure("the Job failed: " + text),
                Optional.of("flowline: the Job failed before it had a pod (" + text + ")."),
                false));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code t}'s pod is stuck before starting, and what to do about it. */
  static Optional<Stuck> stuck(Tracked t, long nowNanos) {
    if (t.pod != null && running(t.pod)) {
      return Optional.empty();
    }
    Duration waited = Duration.ofNanos(nowNanos - t.submittedNanos);
    Duration pendingTimeout = DEFAULT_PENDING_TIMEOUT;
    Optional<Stuck> cause = t.pod == null ? noPod(t, waited) : pendingPod(t);
    if (cause.isEmpty() || cause.get().failNow() || waited.compareTo(pendingTimeout) < 0) {
      return cause;
    }
    var c = cause.get();
    List<String> evidence = new ArrayList<>(c.evidence());
    evidence.add(
        "flowline: the pod waited "
            + waited.toSeconds()
            + " s, longer than the pending timeout of "
            + pendingTimeout.toSeconds()
            + " s; the task fails.");
    return Optional.of(new Stuck(true, c.summary() + " (pending timeout passed)", evidence));
  }

  private static Optional<Stuck> noPod(Tracked t, Duration waited) {
    if (waited.compareTo(NO_POD_GRACE) < 0) {
      return Optional.empty();
    }
    return newest(t.jobEvents, "FailedCreate")
        .map(
            e -> {
              String msg = e.getMessage();
              boolean quota = msg != null && msg.contains("exceeded quota");
              String summary =
                  (quota ? "waiting for quota: " : "the Job cannot create its pod: ") + msg;
              return new Stuck(
                  !quota,
                  summary,
                  List.of(
                      "flowline: " + summary,
                      quota
                          ? "flowline: the namespace's ResourceQuota has no room for the pod now;"
                              + " it starts when other pods end, or lower the step's requests"
                              + " (cpu, memory, disk) or ask for a larger quota."
                          : "flowline: fix what the message names (e.g. the service account)."));
            });
  }

  private static Optional<Stuck> pendingPod(Tracked t) {
    Pod pod = t.pod;
    List<ContainerStatus> statuses = new ArrayList<>();
    if (pod.getStatus() != null) {
      if (pod.getStatus().getInitContainerStatuses() != null) {
        statuses.addAll(pod.getStatus().getInitContainerStatuses());
      }
      if (pod.getStatus().getContainerStatuses() != null) {
        statuses.addAll(pod.getStatus().getContainerStatuses());
      }
    }
    for (ContainerStatus s : statuses) {
      ContainerStateWaiting w = s.getState() == null ? null : s.getState().getWaiting();
      if (w == null || w.getReason() == null) {
        continue;
      }
      String reason = w.getReason();
      String message = w.getMessage() == null ? "" : w.getMessage();
      if (PULL_FAILURES.contains(reason)) {
        boolean permanent = !reason.equals("ErrImagePull");
        String summary = "cannot pull image " + s.getImage() + ": " + reason + " " + message;
        return Optional.of(
            new Stuck(
                permanent,
                summary,
                List.of(
                    "flowline: " + summary,
                    "flowline: check the image name and tag, the registry"
                        + " (METAFLOW_KUBERNETES_CONTAINER_REGISTRY) and, for a private registry,"
                        + " the pull secrets (@Kubernetes(imagePullSecrets),"
                        + " METAFLOW_KUBERNETES_IMAGE_PULL_SECRETS).")));
      }
      if (reason.equals("CreateContainerConfigError")) {
        String summary = "the container cannot be configured: " + message;
        return Optional.of(
            new Stuck(
                true,
                summary,
                List.of(
                    "flowline: " + summary,
                    "flowline: create the Secret or ConfigMap it names in namespace "
                        + pod.getMetadata().getNamespace()
                        + ", or remove it from the step's secrets"
                        + " (METAFLOW_KUBERNETES_SECRETS, @Kubernetes(secrets)).")));
      }
    }
    Optional<PodCondition> scheduled = condition(pod, "PodScheduled");
    if (scheduled.isPresent()
        && "False".equals(scheduled.get().getStatus())
        && "Unschedulable".equals(scheduled.get().getReason())) {
      String msg = scheduled.get().getMessage();
      String summary = "waiting for a node that fits " + requests(t) + ": " + msg;
      return Optional.of(
          new Stuck(
              false,
              summary,
              List.of(
                  "flowline: " + summary,
                  "flowline: no node matches the pod's node selector, tolerations and resource"
                      + " requests now (a cluster autoscaler may still add one). Check"
                      + " @Kubernetes(nodeSelector, tolerations, cpu, memory, gpu) and the"
                      + " METAFLOW_KUBERNETES_* defaults.")));
    }
    Optional<Event> mount = newest(t.podEvents, "FailedMount");
    if (mount.isPresent()) {
      String summary = "waiting for volumes: " + mount.get().getMessage();
      return Optional.of(
          new Stuck(
              false,
              summary,
              List.of(
                  "flowline: " + summary,
                  "flowline: create the PersistentVolumeClaim, Secret or ConfigMap it names, or"
                      + " change the step's persistentVolumeClaims/secrets.")));
    }
    return Optional.empty();
  }

  private static String requests(Tracked t) {
    var s = t.settings;
    return s.cpu().stripTrailingZeros().toPlainString()
        + " CPU, "
        + s.memoryMb()
        + " MB memory"
        + (s.gpu() > 0 ? ", " + s.gpu() + " GPU" : "");
  }

  private static Optional<Event> newest(List<Event> events, String reason) {
    return events.stream()
        .filter(e -> reason.equals(e.getReason()))
        .max(Comparator.comparing(e -> String.valueOf(lastSeen(e))));
  }

  private static String lastSeen(Event e) {
    if (e.getLastTimestamp() != null) {
      return e.getLastTimestamp();
    }
    if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
      return e.getEventTime().getTime();
    }
    return String.valueOf(e.getMetadata().getCreationTimestamp());
  }

  private static Optional<PodCondition> condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
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

  private static String memoryLimit(Pod pod) {
    var resources = pod.getSpec().getContainers().get(0).getResources();
    Quantity q =
        resources == null || resources.getLimits() == null
            ? null
            : resources.getLimits().get("memory");
    if (q == null) {
      return "(none set: the node's memory)";
    }
    long mib = Quantity.getAmountInBytes(q).longValue() / (1024 * 1024);
    return q + " (" + mib + " MiB)";
  }

  private static String explainExit(int code) {
    return switch (code) {
      case 137 ->
          " (SIGKILL: killed from outside, e.g. by the kernel or a node agent; not an"
              + " OOMKilled container).";
      case 139 -> " (SIGSEGV: a native crash in the JVM or a native library).";
      case 134 -> " (SIGABRT: the JVM aborted; look for hs_err_pid files and the log).";
      case 143 -> " (SIGTERM: the pod was asked to stop).";
      default -> ".";
    };
  }
}
