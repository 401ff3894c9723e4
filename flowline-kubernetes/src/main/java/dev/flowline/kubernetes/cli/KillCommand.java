package dev.flowline.kubernetes.cli;

import dev.flowline.cli.DatastoreSelection;
import dev.flowline.cli.UsageException;
import dev.flowline.kubernetes.config.KubernetesOptions;
import dev.flowline.kubernetes.launch.ApiErrors;
import dev.flowline.kubernetes.launch.JobSets;
import dev.flowline.kubernetes.launch.JobTermination;
import dev.flowline.kubernetes.launch.RunObjects;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.kubernetes.render.MetadataFeature;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kubernetes kill [--run-id ID] [--task STEP/TASK] [-n NS] [--context NAME]}: ends the run's
 * Jobs (every attempt of one task with {@code --task}) as {@code
 * METAFLOW_KUBERNETES_JOB_TERMINATE_MODE} says ({@link JobTermination}, as the launcher does):
 * {@code stop} (the default) sets an unfinished Job's parallelism to 0 and leaves finished Jobs as
 * they are; {@code delete} deletes every Job of the run (propagation Background). A gang's attempt
 * is ended as a whole through its JobSet ({@link JobSets#end}, as the launcher does: {@code stop}
 * suspends an unfinished JobSet, {@code delete} deletes it and its headless Service), never through
 * the Jobs the JobSet controller made; {@code --task} of any node of a gang ends the gang. Prints
 * what it did to each Job and JobSet. Idempotent: one that is gone or stopped already is reported,
 * not an error. Exit code 0, 1 when the cluster refused to end one, 2 on bad usage.
 */
@Command(
    name = "kill",
    mixinStandardHelpOptions = true,
    description =
        "End the Kubernetes Jobs of a run (default: the latest), or of one task: stop them"
            + " (parallelism 0) or delete them, per METAFLOW_KUBERNETES_JOB_TERMINATE_MODE.")
public final class KillCommand implements Callable<Integer> {
  @ParentCommand KubernetesCommand parent;

  @Mixin RunTarget target = new RunTarget();

  @Option(
      names = "--task",
      paramLabel = "STEP/TASK",
      description = "Only this task's Jobs (every attempt), e.g. --task train/3.")
  String task;

  @Mixin DatastoreSelection datastoreSelection = new DatastoreSelection();

  @Mixin ClusterOptions cluster = new ClusterOptions();

  @Override
  public Integer call() {
    var ctx = parent.context();
    var out = ctx.out();
    var err = ctx.err();
    String flow = ctx.flow().name();
    String[] stepTask;
    JobTermination.Mode mode;
    String runId;
    List<String> namespaces;
    try {
      stepTask = task == null ? null : parseTask(task, ctx.flow().stepNames());
      var settings = CommandConfig.settings(ctx.config());
      var configured = settings.entry(KubernetesOptions.JOB_TERMINATE_MODE);
      if (configured.problem().isPresent()) {
        throw new UsageException(configured.problem().get().message());
      }
      mode = JobTermination.Mode.of(configured.value().orElseThrow());
      runId = target.runId(ctx, datastoreSelection, "kubernetes kill");
      namespaces = target.namespaces(ctx, settings);
    } catch (UsageException e) {
      return KubernetesCommand.usage(err, e.getMessage());
    }
    String what =
        (stepTask == null ? "" : "task " + task + " of ") + "run " + runId + " of " + flow;
    try (var client = cluster.connect(ctx.config())) {
      var objects =
          RunObjects.find(client, namespaces, flow, runId, ListCommand.jobSetApi(ctx.flow()));
      if (stepTask != null) {
        objects = objects.ofTask(stepTask[0], stepTask[1]);
      }
      // a JobSet's Jobs are ended through the JobSet, never one by one
      var jobs = objects.jobs().stream().filter(j -> RunObjects.jobSetOf(j) == null).toList();
      if (jobs.isEmpty() && objects.jobSets().isEmpty()) {
        out.println(
            capitalized(what)
                + " has no Jobs in "
                + KubernetesCommand.namespaces(namespaces)
                + ": nothing to kill.");
        out.flush();
        return 0;
      }
      return end(client, jobs, objects.jobSets(), mode, what, out, err);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      return KubernetesCommand.usage(err, "kubernetes kill: " + e.getMessage());
    } catch (KubernetesClientException e) {
      return KubernetesCommand.failed(err, e, "list the Jobs of " + what);
    }
  }

  private static int end(
      KubernetesClient client,
      List<Job> jobs,
      List<GenericKubernetesResource> jobSets,
      JobTermination.Mode mode,
      String what,
      PrintWriter out,
      PrintWriter err) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<String, Integer> gangCounts = new LinkedHashMap<>();
    int failures = 0;
    for (var jobSet : jobSets) {
      String outcome;
      if (mode == JobTermination.Mode.STOP && finished(jobSet)) {
        outcome = "finished";
      } else if (mode == JobTermination.Mode.STOP && suspended(jobSet)) {
        outcome = "already stopped";
      } else {
        try {
          var result =
              JobSets.end(
                  client,
                  jobSet.getApiVersion() != null
                      ? jobSet.getApiVersion()
                      : JobSetRenderer.DEFAULT_API_VERSION,
                  jobSet.getMetadata().getNamespace(),
                  jobSet.getMetadata().getName(),
                  mode);
          outcome = result == JobTermination.Result.ENDED ? mode.done() : "gone already";
        } catch (KubernetesClientException e) {
          err.println(ApiErrors.describe(e, mode.verb() + " " + describe(jobSet)));
          failures++;
          continue;
        }
      }
      gangCounts.merge(outcome, 1, Integer::sum);
      out.println(
          switch (outcome) {
            case "finished" -> "left " + describe(jobSet) + " as it is: it has finished";
            case "already stopped" -> "left " + describe(jobSet) + " as it is: stopped already";
            case "gone already" -> describe(jobSet) + " is gone already";
            case "deleted" -> "deleted " + describe(jobSet) + " and its Service";
            default -> "stopped " + describe(jobSet) + " (suspended: its pods end, it stays)";
          });
    }
    for (Job job : jobs) {
      String outcome;
      if (mode == JobTermination.Mode.STOP && RunObjects.finished(job)) {
        outcome = "finished";
      } else if (mode == JobTermination.Mode.STOP
          && job.getSpec() != null
          && Integer.valueOf(0).equals(job.getSpec().getParallelism())) {
        outcome = "already stopped";
      } else {
        try {
          var ns = job.getMetadata().getNamespace();
          var result = JobTermination.end(client, ns, job.getMetadata().getName(), mode);
          outcome = result == JobTermination.Result.ENDED ? mode.done() : "gone already";
        } catch (KubernetesClientException e) {
          err.println(ApiErrors.describe(e, mode.verb() + " Job " + describe(job)));
          failures++;
          continue;
        }
      }
      counts.merge(outcome, 1, Integer::sum);
      out.println(
          switch (outcome) {
            case "finished" -> "left " + describe(job) + " as it is: it has finished";
            case "already stopped" -> "left " + describe(job) + " as it is: stopped already";
            case "gone already" -> describe(job) + " is gone already";
            default -> outcome + " " + describe(job);
          });
    }
    var summary =
        new java.util.ArrayList<>(
            counts.entrySet().stream()
                .map(e -> e.getValue() + " " + (e.getValue() == 1 ? "Job " : "Jobs ") + e.getKey())
                .toList());
    gangCounts.forEach(
        (outcome, n) -> summary.add(n + " " + (n == 1 ? "JobSet " : "JobSets ") + outcome));
    out.println(
        capitalized(what)
            + ": "
            + String.join(", ", summary)
            + (failures > 0 ? ", " + failures + " could not be ended" : "")
            + (counts.containsKey("stopped")
                ? ". Stopped Jobs stay (parallelism 0, they never finish) until deleted:"
                    + " kubectl delete job NAME, or kill with"
                    + " METAFLOW_KUBERNETES_JOB_TERMINATE_MODE=delete."
                : "."));
    out.flush();
    err.flush();
    return failures > 0 ? 1 : 0;
  }

  /** {@code JobSet ns/name (gang step/first-last, attempt N)}. */
  private static String describe(GenericKubernetesResource jobSet) {
    return "JobSet "
        + jobSet.getMetadata().getNamespace()
        + "/"
        + jobSet.getMetadata().getName()
        + " (gang "
        + RunObjects.annotation(jobSet, MetadataFeature.STEP)
        + "/"
        + RunObjects.annotation(jobSet, MetadataFeature.TASK)
        + ", attempt "
        + RunObjects.annotation(jobSet, MetadataFeature.ATTEMPT)
        + ")";
  }

  @SuppressWarnings("unchecked")
  private static boolean finished(GenericKubernetesResource jobSet) {
    var status = (Map<String, Object>) jobSet.getAdditionalProperties().get("status");
    var conditions = status == null ? null : (List<Map<String, Object>>) status.get("conditions");
    return conditions != null
        && conditions.stream()
            .anyMatch(
                c ->
                    ("Completed".equals(c.get("type")) || "Failed".equals(c.get("type")))
                        && "True".equals(c.get("status")));
  }

  @SuppressWarnings("unchecked")
  private static boolean suspended(GenericKubernetesResource jobSet) {
    var spec = (Map<String, Object>) jobSet.getAdditionalProperties().get("spec");
    return spec != null && Boolean.TRUE.equals(spec.get("suspend"));
  }

  /** {@code Job ns/name (step/task, attempt N)}. */
  private static String describe(Job job) {
    return "Job "
        + job.getMetadata().getNamespace()
        + "/"
        + job.getMetadata().getName()
        + " ("
        + RunObjects.annotation(job, MetadataFeature.STEP)
        + "/"
        + RunObjects.annotation(job, MetadataFeature.TASK)
        + ", attempt "
        + RunObjects.annotation(job, MetadataFeature.ATTEMPT)
        + ")";
  }

  private static String[] parseTask(String value, List<String> steps) {
    String[] parts = value.split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new UsageException(
          "kubernetes kill --task: value \""
              + value
              + "\" is not STEP/TASK (a step name and a task id). Use e.g. --task "
              + (steps.size() > 1 ? steps.get(1) : steps.get(0))
              + "/3.");
    }
    if (!steps.contains(parts[0])) {
      throw new UsageException(
          "kubernetes kill --task: value \""
              + value
              + "\" names step '"
              + parts[0]
              + "', which the flow does not have (its steps: "
              + String.join(", ", steps)
              + "). Use one of them.");
    }
    return parts;
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
