package dev.flowline.kubernetes.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.kubernetes.launch.RunObjects;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.kubernetes.render.MetadataFeature;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code kubernetes list} shows: one row per pod of the run (a Job without a pod is a row of
 * its own), with the task it runs (from the exact annotations), its phase and why it is there
 * (waiting or terminated reasons, {@code Unschedulable}, eviction, a Job controller's warning), its
 * node and age. A gang's attempt is a JobSet row (its task range, phase and the JobSet controller's
 * reason) followed by its nodes' pods, each with its own task id. Pure: rows come from fetched
 * objects, text from rows.
 */
final class RunListing {
  /**
   * One row.
   *
   * @param namespace the namespace
   * @param step step name
   * @param task task id
   * @param attempt attempt number as annotated
   * @param job the Job's name
   * @param pod the pod's name, or null when the Job has none
   * @param phase pod phase ({@code Pending}, {@code Running}, {@code Succeeded}, {@code Failed},
   *     {@code Terminating}), or for a Job without pod {@code Pending}, {@code Succeeded}, {@code
   *     Failed}, {@code Stopped}
   * @param reason a short reason, or empty
   * @param message the reason's message, or empty
   * @param node the pod's node, or empty
   * @param created when the pod (else the Job, the JobSet) was created, or null
   * @param jobSet the JobSet of a gang's row (its own row has no job and no pod), or null
   */
  record Row(
      String namespace,
      String step,
      String task,
      String attempt,
      String job,
      String pod,
      String phase,
      String reason,
      String message,
      String node,
      Instant created,
      String jobSet) {}

  /** The Job controller's label with an Indexed Job's pod's index. */
  private static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  private RunListing() {}

  /** The rows of {@code objects}, in the order of their Jobs (task id, then attempt). */
  static List<Row> rows(RunObjects objects) {
    List<Row> rows = new ArrayList<>();
    Map<String, GenericKubernetesResource> jobSets = new LinkedHashMap<>();
    objects
        .jobSets()
        .forEach(
            js ->
                jobSets.put(
                    js.getMetadata().getNamespace() + "/" + js.getMetadata().getName(), js));
    for (Job job : objects.jobs()) {
      String name = job.getMetadata().getName();
      String jobSet = RunObjects.jobSetOf(job);
      if (jobSet != null) {
        var js = jobSets.remove(job.getMetadata().getNamespace() + "/" + jobSet);
        if (js != null) {
          rows.add(jobSetRow(js, objects));
        }
      }
      var pods = objects.pods().stream().filter(p -> name.equals(RunObjects.jobName(p))).toList();
      if (pods.isEmpty()) {
        rows.add(jobRow(job, objects));
      }
      pods.forEach(p -> rows.add(podRow(job, p)));
    }
    jobSets.values().forEach(js -> rows.add(jobSetRow(js, objects)));
    return rows;
  }

  /**
   * A gang attempt's JobSet: {@code Succeeded} or {@code Failed} (with the JobSet controller's
   * reason and message) from its conditions, {@code Stopped} when suspended, else {@code Running}
   * once it has Jobs ({@code Pending} before).
   */
  @SuppressWarnings("unchecked")
  private static Row jobSetRow(GenericKubernetesResource js, RunObjects objects) {
    String name = js.getMetadata().getName();
    var spec = (Map<String, Object>) js.getAdditionalProperties().getOrDefault("spec", Map.of());
    var status =
        (Map<String, Object>) js.getAdditionalProperties().getOrDefault("status", Map.of());
    var conditions =
        (List<Map<String, Object>>)
            (status == null ? List.of() : status.getOrDefault("conditions", List.of()));
    Map<String, Object> completed = condition(conditions, "Completed");
    Map<String, Object> failed = condition(conditions, "Failed");
    String phase;
    String reason = "";
    String message = "";
    if (completed != null) {
      phase = "Succeeded";
    } else if (failed != null) {
      phase = "Failed";
      reason = text((String) failed.get("reason"));
      message = text((String) failed.get("message"));
    } else if (spec != null && Boolean.TRUE.equals(spec.get("suspend"))) {
      phase = "Stopped";
      message = "suspended (kubernetes kill or a stopped run): its pods end, the JobSet stays";
    } else if (objects.jobs().stream().anyMatch(j -> name.equals(RunObjects.jobSetOf(j)))) {
      phase = "Running";
    } else {
      phase = "Pending";
      message = "no Jobs yet";
    }
    return new Row(
        js.getMetadata().getNamespace(),
        text(RunObjects.annotation(js, MetadataFeature.STEP)),
        text(RunObjects.annotation(js, MetadataFeature.TASK)),
        text(RunObjects.annotation(js, MetadataFeature.ATTEMPT)),
        null,
        null,
        phase,
        reason,
        message.replaceAll("\\s*\\n\\s*", " ").strip(),
        "",
        created(js.getMetadata().getCreationTimestamp()),
        name);
  }

  private static Map<String, Object> condition(List<Map<String, Object>> conditions, String type) {
    return conditions.stream()
        .filter(c -> type.equals(c.get("type")) && "True".equals(c.get("status")))
        .findFirst()
        .orElse(null);
  }

  /**
   * The task a pod runs: a gang worker's is the control node's task id plus its node index ({@code
   * 1 +} its completion index), the others' the Job's.
   */
  private static String task(Job job, Pod pod) {
    String jobTask = text(RunObjects.annotation(job, MetadataFeature.TASK));
    if (pod == null || RunObjects.jobSetOf(job) == null || !jobTask.contains("-")) {
      return jobTask;
    }
    String control = RunObjects.annotation(pod, JobSetRenderer.CONTROL_TASK_ANNOTATION);
    var labels = pod.getMetadata().getLabels();
    String index = labels == null ? null : labels.get(COMPLETION_INDEX);
    try {
      return Long.toString(Long.parseLong(control) + 1 + Long.parseLong(index));
    } catch (NumberFormatException e) {
      return jobTask;
    }
  }

  private static Row jobRow(Job job, RunObjects objects) {
    String phase = "Pending";
    String reason = "";
    String message = "no pod yet";
    var failed =
        job.getStatus() == null || job.getStatus().getConditions() == null
            ? null
            : job.getStatus().getConditions().stream()
                .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst()
                .orElse(null);
    var warning = objects.warnings().get(job.getMetadata().getName());
    if (RunObjects.condition(job, "Complete")) {
      phase = "Succeeded";
      message = "";
    } else if (failed != null) {
      phase = "Failed";
      reason = text(failed.getReason());
      message = text(failed.getMessage());
    } else if (job.getSpec() != null && Integer.valueOf(0).equals(job.getSpec().getParallelism())) {
      phase = "Stopped";
      message = "parallelism 0 (kubernetes kill or a stopped run)";
    } else if (warning != null) {
      reason = text(warning.getReason());
      message = text(warning.getMessage());
    }
    return row(
        job, null, phase, reason, message, "", created(job.getMetadata().getCreationTimestamp()));
  }

  private static Row podRow(Job job, Pod pod) {
    var status = pod.getStatus();
    String phase = status == null || status.getPhase() == null ? "Unknown" : status.getPhase();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      phase = "Terminating";
    }
    String reason = "";
    String message = "";
    if (status != null && status.getReason() != null) {
      reason = status.getReason();
      message = text(status.getMessage());
    } else if (status != null && main(pod) != null && main(pod).getState() != null) {
      var state = main(pod).getState();
      if (state.getWaiting() != null) {
        reason = text(state.getWaiting().getReason());
        message = text(state.getWaiting().getMessage());
      } else if (state.getTerminated() != null) {
        var t = state.getTerminated();
        reason = text(t.getReason()) + " (exit " + t.getExitCode() + ")";
        message = text(t.getMessage());
      }
    }
    if (reason.isEmpty() && status != null && status.getConditions() != null) {
      var unscheduled =
          status.getConditions().stream()
              .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
              .findFirst();
      if (unscheduled.isPresent()) {
        reason = text(unscheduled.get().getReason());
        message = text(unscheduled.get().getMessage());
      }
    }
    String node = pod.getSpec() == null ? "" : text(pod.getSpec().getNodeName());
    return row(
        job, pod, phase, reason, message, node, created(pod.getMetadata().getCreationTimestamp()));
  }

  private static Row row(
      Job job, Pod pod, String phase, String reason, String message, String node, Instant at) {
    return new Row(
        job.getMetadata().getNamespace(),
        text(RunObjects.annotation(job, MetadataFeature.STEP)),
        task(job, pod),
        text(RunObjects.annotation(job, MetadataFeature.ATTEMPT)),
        job.getMetadata().getName(),
        pod == null ? null : pod.getMetadata().getName(),
        phase,
        reason,
        message.replaceAll("\\s*\\n\\s*", " ").strip(),
        node,
        at,
        RunObjects.jobSetOf(job));
  }

  /** The main (first) container's status, or null. */
  private static ContainerStatus main(Pod pod) {
    var statuses = pod.getStatus().getContainerStatuses();
    return statuses == null || statuses.isEmpty() ? null : statuses.get(0);
  }

  /** The rows as an aligned table; a namespace column when they span several namespaces. */
  static String table(List<Row> rows, Instant now) {
    boolean namespaces = rows.stream().map(Row::namespace).distinct().count() > 1;
    List<List<String>> cells = new ArrayList<>();
    List<String> header =
        new ArrayList<>(
            List.of(
                "STEP", "TASK", "ATTEMPT", "PHASE", "REASON", "NODE", "AGE", "NAME", "MESSAGE"));
    if (namespaces) {
      header.add(0, "NAMESPACE");
    }
    cells.add(header);
    for (Row r : rows) {
      List<String> line =
          new ArrayList<>(
              List.of(
                  r.step(),
                  r.task(),
                  r.attempt(),
                  r.phase(),
                  dash(r.reason()),
                  dash(r.node()),
                  r.created() == null ? "-" : age(Duration.between(r.created(), now)),
                  r.pod() != null
                      ? "pod/" + r.pod()
                      : r.job() != null ? "job/" + r.job() : "jobset/" + r.jobSet(),
                  r.message()));
      if (namespaces) {
        line.add(0, r.namespace());
      }
      cells.add(line);
    }
    int columns = header.size();
    int[] width = new int[columns];
    for (var line : cells) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], line.get(i).length());
      }
    }
    var out = new StringBuilder();
    for (var line : cells) {
      var text = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = line.get(i);
        text.append(cell);
        if (i < columns - 1) {
          text.append(" ".repeat(width[i] - cell.length() + 2));
        }
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** The rows as a JSON document with the flow, the run and the namespaces searched. */
  static String json(
      String flow, String runId, List<String> namespaces, List<Row> rows, Instant now) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("flow", flow);
    doc.put("run", runId);
    doc.put("namespaces", namespaces);
    List<Map<String, Object>> tasks = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("namespace", r.namespace());
      t.put("step", r.step());
      t.put("task", r.task());
      t.put("attempt", attempt(r.attempt()));
      t.put("job", r.job());
      t.put("pod", r.pod());
      t.put("jobSet", r.jobSet());
      t.put("phase", r.phase());
      t.put("reason", r.reason());
      t.put("message", r.message());
      t.put("node", r.node().isEmpty() ? null : r.node());
      t.put("created", r.created() == null ? null : r.created().toString());
      t.put(
          "ageSeconds",
          r.created() == null ? null : Duration.between(r.created(), now).toSeconds());
      tasks.add(t);
    }
    doc.put("tasks", tasks);
    try {
      return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and numbers is always JSON", e);
    }
  }

  /** {@code 45s}, {@code 12m}, {@code 5h}, {@code 3d}, like kubectl's AGE column (coarser). */
  static String age(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 120 * 60) {
      return s / 60 + "m";
    }
    if (s < 48 * 3600) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }

  private static Object attempt(String attempt) {
    try {
      return Integer.parseInt(attempt);
    } catch (NumberFormatException e) {
      return attempt;
    }
  }

  private static Instant created(String timestamp) {
    return timestamp == null ? null : Instant.parse(timestamp);
  }

  private static String dash(String s) {
    return s.isEmpty() ? "-" : s;
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
