package dev.flowline.kubernetes.launch;

import dev.flowline.kubernetes.render.LabelValues;
import dev.flowline.kubernetes.render.MetadataFeature;
import dev.flowline.metadata.MetadataStore;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
 * (e.g. {@code FailedCreate: exceeded quota}). Asked to, the run's JobSets (its gangs' attempts)
 * are found the same way; their Jobs (made by the JobSet controller from templates with the run's
 * labels) and pods are among {@code jobs} and {@code pods}, with the JobSet's name in the label
 * {@value #JOBSET_LABEL}.
 *
 * @param jobs the Jobs, by task id, then attempt
 * @param pods the pods, by task id, then attempt, then age
 * @param warnings Job name to the newest warning event about it, for Jobs without a pod
 * @param jobSets the JobSets, by control task id, then attempt
 */
public record RunObjects(
    List<Job> jobs,
    List<Pod> pods,
    Map<String, Event> warnings,
    List<GenericKubernetesResource> jobSets) {
  /** The JobSet controller's label on a JobSet's Jobs and pods: the JobSet's name. */
  public static final String JOBSET_LABEL = "jobset.sigs.k8s.io/jobset-name";

  /** Canonical form: immutable. */
  public RunObjects {
    jobs = List.copyOf(jobs);
    pods = List.copyOf(pods);
    warnings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(warnings));
    jobSets = List.copyOf(jobSets);
  }

  /** Jobs and pods without JobSets. */
  public RunObjects(List<Job> jobs, List<Pod> pods, Map<String, Event> warnings) {
    this(jobs, pods, warnings, List.of());
  }

  /** Run {@code runId} of flow {@code flow} in {@code namespaces}: its Jobs and pods. */
  public static RunObjects find(
      KubernetesClient client, List<String> namespaces, String flow, String runId) {
    return find(client, namespaces, flow, runId, Optional.empty());
  }

  /**
   * Run {@code runId} of flow {@code flow} in {@code namespaces}: its Jobs and pods, and with
   * {@code jobSetApiVersion} its JobSets of that API ({@code group/version}; none when the cluster
   * does not serve it).
   *
   * @throws KubernetesClientException when the API server refuses a list
   */
  public static RunObjects find(
      KubernetesClient client,
      List<String> namespaces,
      String flow,
      String runId,
      Optional<String> jobSetApiVersion) {
    Map<String, String> labels =
        Map.of(
            MetadataFeature.FLOW, LabelValues.safe(flow),
            MetadataFeature.RUN, LabelValues.safe(runId));
    List<Job> jobs = new ArrayList<>();
    List<Pod> pods = new ArrayList<>();
    Map<String, Event> warnings = new LinkedHashMap<>();
    List<GenericKubernetesResource> jobSets = new ArrayList<>();
    for (String ns : namespaces) {
      if (jobSetApiVersion.isPresent()) {
        jobSets.addAll(jobSets(client, ns, labels, jobSetApiVersion.get(), flow, runId));
      }
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
        Comparator.comparing((HasMetadata o) -> firstTask(o), MetadataStore::compareIds)
            .thenComparing(
                o -> String.valueOf(annotation(o, MetadataFeature.ATTEMPT)),
                MetadataStore::compareIds)
            .thenComparing(o -> String.valueOf(o.getMetadata().getCreationTimestamp()))
            .thenComparing(o -> o.getMetadata().getName());
    jobs.sort(inRunOrder);
    pods.sort(inRunOrder);
    jobSets.sort(inRunOrder);
    return new RunObjects(jobs, pods, warnings, jobSets);
  }

  private static List<GenericKubernetesResource> jobSets(
      KubernetesClient client,
      String ns,
      Map<String, String> labels,
      String apiVersion,
      String flow,
      String runId) {
    try {
      return client
          .genericKubernetesResources(JobSets.definition(apiVersion))
          .inNamespace(ns)
          .withLabels(labels)
          .list()
          .getItems()
          .stream()
          .filter(j -> ofRun(j, flow, runId))
          .toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        // the cluster does not serve the JobSet API: the run has no JobSets
        return List.of();
      }
      throw e;
    }
  }

  /** The task id (a gang's: its first task id, of {@code FIRST-LAST}) annotated on {@code o}. */
  private static String firstTask(HasMetadata o) {
    String task = String.valueOf(annotation(o, MetadataFeature.TASK));
    int dash = task.indexOf('-');
    return dash > 0 ? task.substring(0, dash) : task;
  }

  /** The JobSet {@code o} (a Job or pod) belongs to, or null. */
  public static String jobSetOf(HasMetadata o) {
    var labels = o.getMetadata().getLabels();
    return labels == null ? null : labels.get(JOBSET_LABEL);
  }

  /**
   * Whether the task annotation of {@code o} ({@code ID}, or a gang's {@code FIRST-LAST}) covers
   * task {@code task}.
   */
  public static boolean coversTask(HasMetadata o, String task) {
    String annotated = annotation(o, MetadataFeature.TASK);
    if (annotated == null) {
      return false;
    }
    if (annotated.equals(task)) {
      return true;
    }
    int dash = annotated.indexOf('-');
    try {
      long id = Long.parseLong(task);
      return dash > 0
          && Long.parseLong(annotated.substring(0, dash)) <= id
          && id <= Long.parseLong(annotated.substring(dash + 1));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The Jobs of task {@code step}/{@code task} (every attempt), and the JobSets of the gang it is a
   * node of (every attempt).
   */
  public RunObjects ofTask(String step, String task) {
    var kept =
        jobs.stream()
            .filter(
                j ->
                    step.equals(annotation(j, MetadataFeature.STEP))
                        && task.equals(annotation(j, MetadataFeature.TASK)))
            .toList();
    var names = kept.stream().map(j -> j.getMetadata().getName()).toList();
    var keptJobSets =
        jobSets.stream()
            .filter(j -> step.equals(annotation(j, MetadataFeature.STEP)) && coversTask(j, task))
            .toList();
    return new RunObjects(
        kept,
        pods.stream().filter(p -> names.contains(jobName(p))).toList(),
        warnings,
        keptJobSets);
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
