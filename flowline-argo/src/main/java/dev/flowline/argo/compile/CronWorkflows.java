package dev.flowline.argo.compile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.kubernetes.render.LabelValues;
import java.util.List;

/**
 * The CronWorkflow of a scheduled deployment: named like its WorkflowTemplate, it starts a run of
 * it on {@code schedules} (the field both Argo v3.6+ and v4 read; v4 has no {@code schedule};
 * {@code schedule} for Argo before v3.6 when asked), in the schedule's time zone, with Argo's
 * {@code Allow} concurrency policy and a starting deadline of 59 minutes (a run missed for longer,
 * e.g. while the controller was down, is skipped). Its runs get the flow's label, so {@code status}
 * and {@code terminate} find them.
 */
public final class CronWorkflows {
  /** How late a missed scheduled run may still start, as in Metaflow. */
  public static final int STARTING_DEADLINE_SECONDS = 3540;

  private static final ObjectMapper JSON = new ObjectMapper();

  private CronWorkflows() {}

  /**
   * The CronWorkflow for {@code deployment} on {@code schedule}.
   *
   * @throws ArgoCompileException when a parameter has no value to run with (a scheduled run passes
   *     none)
   */
  public static ObjectNode of(DeploymentSpec deployment, ScheduleSpec schedule) {
    return of(deployment, schedule, true);
  }

  /**
   * The CronWorkflow for {@code deployment} on {@code schedule}, its cron in {@code schedules}
   * (Argo v3.6 and later) or, when {@code useSchedules} is false, in {@code schedule} (Argo before
   * v3.6; {@code METAFLOW_ARGO_WORKFLOWS_USE_SCHEDULES=false}).
   *
   * @throws ArgoCompileException when a parameter has no value to run with (a scheduled run passes
   *     none)
   */
  public static ObjectNode of(
      DeploymentSpec deployment, ScheduleSpec schedule, boolean useSchedules) {
    List<String> problems = parameterProblems(deployment);
    if (!problems.isEmpty()) {
      throw new ArgoCompileException(problems);
    }
    return build(deployment, schedule, useSchedules);
  }

  /** The parameters a scheduled run cannot get (required ones: scheduled runs pass none). */
  public static List<String> parameterProblems(DeploymentSpec deployment) {
    return deployment.parameters().stream()
        .filter(WorkflowParameter::required)
        .map(
            p ->
                "parameter --"
                    + p.name()
                    + " is required, but scheduled runs (@Schedule) pass no parameters. Give"
                    + " it a default and drop required = true, or remove @Schedule.")
        .toList();
  }

  private static ObjectNode build(
      DeploymentSpec deployment, ScheduleSpec schedule, boolean useSchedules) {
    ObjectNode cw = JSON.createObjectNode();
    cw.put("apiVersion", "argoproj.io/v1alpha1");
    cw.put("kind", "CronWorkflow");
    ObjectNode meta = cw.putObject("metadata");
    meta.put("name", deployment.name());
    meta.put("namespace", deployment.namespace());
    ObjectNode labels = meta.putObject("labels");
    labels.put("app.kubernetes.io/part-of", "flowline");
    labels.put("flowline.dev/flow", LabelValues.safe(deployment.flowName()));
    ObjectNode spec = cw.putObject("spec");
    if (useSchedules) {
      spec.putArray("schedules").add(schedule.cron());
    } else {
      spec.put("schedule", schedule.cron());
    }
    schedule.timezone().ifPresent(tz -> spec.put("timezone", tz));
    spec.put("concurrencyPolicy", "Allow");
    spec.put("startingDeadlineSeconds", STARTING_DEADLINE_SECONDS);
    ObjectNode wm = spec.putObject("workflowMetadata").putObject("labels");
    wm.put("app.kubernetes.io/part-of", "flowline");
    wm.put("flowline.dev/flow", LabelValues.safe(deployment.flowName()));
    spec.putObject("workflowSpec").putObject("workflowTemplateRef").put("name", deployment.name());
    return cw;
  }
}
