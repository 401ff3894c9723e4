package dev.flowline.kubernetes.launch;

import dev.flowline.kubernetes.render.LabelValues;
import dev.flowline.kubernetes.render.MetadataFeature;
import dev.flowline.metadata.MetadataStore;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's Jobs and pods on the cluster, found by the run's labels ({@code flowline.dev/flow},
 * {@code flowline.dev/run}, label-safe values) and kept when their annotations name the flow and
 * run exactly (a label-safe value can stand for more than one name). For a Job that has no pod and
 * has not finished, the newest warning event about it is kept too: it says why there is no pod
 * (e.g. {@code FailedCreate: exceeded quota}).
 *
 * @param jobs the Jobs, by task id, then attempt
 * @param pods the pods, by task id, then attempt, then age
 * @param warnings Job name to the newest warning event about it, for Jobs without a pod
 */
public record RunObjects(List<Job> jobs, List<Pod> pods, Map<String, Event> warnings) {
  /** Canonical form: immutable. */
  public RunObjects {
    jobs = List.copyOf(jobs);
    pods = List.copyOf(pods);
    warnings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(warnings));
  }

  /** Run {@code runId} of flow {@code flow} in {@code namespaces}. */
  public static RunObjects find(
      KubernetesClient client, List<String> namespaces, String flow, String runId) {
    Map<String, String> labels =
        Map.of(
            MetadataFeature.FLOW, LabelValues.safe(flow),
            MetadataFeature.RUN, LabelValues.safe(runId));
    List<Job> jobs = new ArrayList<>();
    List<Pod> pods = new ArrayList<>();
    Map<String, Event> warnings = new LinkedHashMap<>();
    for (String ns : namespaces) {
      var nsJobs =
          client.batch().v1().jobs().inNamespace(ns).withLabels(labels).list().getItems().stream()
              .filter(j -> ofRun(j, flow, runId))
              .toList();
      if (nsJobs.isEmpty()) {
        continue;
      }
      var nsPods =
          client.pods().inNamespace(ns).withLabels(labels).list().getItems().stream()
              .filter(p -> ofRun(p, flow, runId))
              .toList();
      jobs.addAll(nsJobs);
      pods.addAll(nsPods);
      for (Job job : nsJobs) {
        String name = job.getMetadata().getName();
        if (nsPods.stream().noneMatch(p -> name.equals(jobName(p))) && !finished(job)) {
          newestWarning(client, ns, name).ifPresent(e -> warnings.put(name, e));
        }
      }
    }
    Comparator<HasMetadata> inRunOrder =
        Comparator.comparing(
                (HasMetadata o) -> String.valueOf(annotation(o, MetadataFeature.TASK)),
                MetadataStore::compareIds)
            .thenComparing(
                o -> String.valueOf(annotation(o, MetadataFeature.ATTEMPT)),
                MetadataStore::compareIds)
            .thenComparing(o -> String.valueOf(o.getMetadata().getCreationTimestamp()))
            .thenComparing(o -> o.getMetadata().getName());
    jobs.sort(inRunOrder);
    pods.sort(inRunOrder);
    return new RunObjects(jobs, pods, warnings);
  }

  /** The Jobs of task {@code step}/{@code task} (every attempt). */
  public RunObjects ofTask(String step, String task) {
    var kept =
        jobs.stream()
            .filter(
                j ->
                    step.equals(annotation(j, MetadataFeature.STEP))
                        && task.equals(annotation(j, MetadataFeature.TASK)))
            .toList();
    var names = kept.stream().map(j -> j.getMetadata().getName()).toList();
    return new RunObjects(
        kept, pods.stream().filter(p -> names.contains(jobName(p))).toList(), warnings);
  }

  /** The Job that owns {@code pod}, from the Job controller's labels; null when none. */
  public static String jobName(Pod pod) {
    return RunWatch.jobName(pod);
  }

  /** An annotation of {@code o}, or null. */
  public static String annotation(HasMetadata o, String key) {
    var annotations = o.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** Whether {@code job} reached {@code Complete} or {@code Failed}. */
  public static boolean finished(Job job) {
    return condition(job, "Complete") || condition(job, "Failed");
  }

  /** Whether {@code job} has condition {@code type} with status True. */
  public static boolean condition(Job job, String type) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean ofRun(HasMetadata o, String flow, String runId) {
    return flow.equals(annotation(o, MetadataFeature.FLOW))
        && runId.equals(annotation(o, MetadataFeature.RUN));
  }

  private static Optional<Event> newestWarning(KubernetesClient client, String ns, String job) {
    return client
        .v1()
        .events()
        .inNamespace(ns)
        .withField("involvedObject.kind", "Job")
        .withField("involvedObject.name", job)
        .list()
        .getItems()
        .stream()
        .filter(e -> "Warning".equals(e.getType()))
        .max(Comparator.comparing(RunObjects::lastSeen));
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
}
