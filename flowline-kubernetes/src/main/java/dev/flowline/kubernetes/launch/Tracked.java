package dev.flowline.kubernetes.launch;

import dev.flowline.kubernetes.KubernetesStepSettings;
import dev.flowline.runtime.AttemptListener;
import dev.flowline.runtime.TaskAttempt;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the launcher knows of one attempt's Job: the latest Job and pod the watch saw, the events
 * about them, and how far the attempt got. A node of a gang ({@link GangLaunch}) is tracked the
 * same way, with its pod and the Job the JobSet controller made for it (the control Job, or the
 * workers' Job it shares with the other workers). Touched by the coordinator thread only.
 */
final class Tracked {
  /** Events kept per attempt at most (the newest win). */
  static final int MAX_EVENTS = 50;

  final TaskAttempt attempt;
  final AttemptListener listener;
  final KubernetesStepSettings settings;
  final long submittedNanos = System.nanoTime();
  Job job;
  Pod pod;
  final List<Event> podEvents = new ArrayList<>();
  final List<Event> jobEvents = new ArrayList<>();
  boolean jobDeleted;
  boolean podDeleted;
  boolean started;
  boolean ending;
  boolean finished;
  PodLogs logs;
  String lastProgress;

  /** The gang attempt this is a node of, or null for a single task's Job. */
  GangLaunch gang;

  /** The node index in {@link #gang}. */
  int nodeIndex;

  Tracked(TaskAttempt attempt, AttemptListener listener, Job job, KubernetesStepSettings settings) {
    this.attempt = attempt;
    this.listener = listener;
    this.job = job;
    this.settings = settings;
  }

  String jobName() {
    return job.getMetadata().getName();
  }

  String namespace() {
    return job.getMetadata().getNamespace();
  }

  /** Takes in one change the watch saw. */
  void observe(RunWatch.Update update) {
    if (update.job() != null) {
      if (update.deleted()) {
        jobDeleted = true;
      } else {
        job = update.job();
      }
    } else if (update.pod() != null) {
      if (pod == null || pod.getMetadata().getName().equals(update.pod().getMetadata().getName())) {
        // a delete found by a relist carries a stub without status: the last pod seen says more
        if (pod == null || !update.deleted() || update.pod().getStatus() != null) {
          pod = update.pod();
        }
        podDeleted = update.deleted();
      } else if (!update.deleted()) {
        // a second pod of the Job (backoffLimit 0 makes none; someone deleted the first)
        pod = update.pod();
        podDeleted = false;
      }
    } else if (update.event() != null) {
      var list = "Job".equals(update.event().getInvolvedObject().getKind()) ? jobEvents : podEvents;
      list.removeIf(e -> e.getMetadata().getUid().equals(update.event().getMetadata().getUid()));
      list.add(update.event());
      if (list.size() > MAX_EVENTS) {
        list.remove(0);
      }
    }
  }

  boolean logsFollowed() {
    return logs != null;
  }

  /** Completes when every line of the pod's log was passed on (at once when none is followed). */
  CompletableFuture<Void> logsDone() {
    return logs == null ? CompletableFuture.completedFuture(null) : logs.done();
  }
}
