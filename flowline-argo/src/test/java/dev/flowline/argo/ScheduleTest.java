package dev.flowline.argo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.argo.flows.BadScheduleFlow;
import dev.flowline.argo.flows.ScheduledFlow;
import dev.flowline.argo.flows.TwoShortcutsFlow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @Schedule} becomes a CronWorkflow beside the WorkflowTemplate; bad schedules exit 2. */
class ScheduleTest {
  @TempDir Path work;

  @Test
  void aScheduledFlowGetsACronWorkflowValidForBothArgoMajors() throws Exception {
    var r = ArgoCli.run(ScheduledFlow.class, ArgoCli.env(work), work, "create", "--only-json");
    assertThat(r.code()).as(r.all()).isZero();
    List<JsonNode> docs =
        new ObjectMapper().readerFor(JsonNode.class).<JsonNode>readValues(r.out()).readAll();
    assertThat(docs)
        .extracting(d -> d.path("kind").asText())
        .containsExactly("WorkflowTemplate", "CronWorkflow");
    docs.forEach(ArgoSchemas::assertValid);
    var cron = docs.get(1);
    assertThat(cron.at("/metadata/name").asText()).isEqualTo("scheduledflow");
    assertThat(cron.at("/spec/schedules").toString()).isEqualTo("[\"30 6 * * 1-5\"]");
    assertThat(cron.at("/spec/timezone").asText()).isEqualTo("Europe/Berlin");
    assertThat(cron.at("/spec/workflowSpec/workflowTemplateRef/name").asText())
        .isEqualTo("scheduledflow");
    assertThat(cron.at("/spec/workflowMetadata/labels/flowline.dev~1flow").asText())
        .isEqualTo("ScheduledFlow");
  }

  @Test
  void argoBefore36GetsTheSingleScheduleFieldWhenAsked() throws Exception {
    var env = new java.util.HashMap<>(ArgoCli.env(work));
    env.put("METAFLOW_ARGO_WORKFLOWS_USE_SCHEDULES", "false");
    var r = ArgoCli.run(ScheduledFlow.class, env, work, "create", "--only-json");
    assertThat(r.code()).as(r.all()).isZero();
    var cron =
        new ObjectMapper().readerFor(JsonNode.class).<JsonNode>readValues(r.out()).readAll().get(1);
    assertThat(cron.at("/spec/schedule").asText()).isEqualTo("30 6 * * 1-5");
    assertThat(cron.at("/spec/schedules").isMissingNode()).isTrue();
    // the field of Argo v3 (before 3.6, and still read by 3.7); v4 has only schedules
    assertThat(ArgoSchemas.V3.validate("io.argoproj.workflow.v1alpha1.CronWorkflow", cron))
        .isEmpty();
    assertThat(ArgoSchemas.V4.validate("io.argoproj.workflow.v1alpha1.CronWorkflow", cron))
        .isNotEmpty();

    env.put("METAFLOW_ARGO_WORKFLOWS_USE_SCHEDULES", "sometimes");
    var bad = ArgoCli.run(ScheduledFlow.class, env, work, "create", "--only-json");
    assertThat(bad.code()).as(bad.all()).isEqualTo(2);
    assertThat(bad.err()).contains("METAFLOW_ARGO_WORKFLOWS_USE_SCHEDULES").contains("sometimes");
  }

  @Test
  void aBadCronTimeZoneAndARequiredParameterAreAllReported() {
    var r = ArgoCli.run(BadScheduleFlow.class, ArgoCli.env(work), work, "create", "--only-json");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains(
            "argo-workflows create: @Schedule(cron): value \"0 0 6 * * ?\" is not a five-field cron expression")
        .contains("Use e.g. \"0 6 * * 1-5\" (06:00 on weekdays).")
        .contains("@Schedule(timezone): value \"Mars/Olympus\" is not an IANA time zone")
        .contains(
            "parameter --table is required, but scheduled runs (@Schedule) pass no parameters."
                + " Give it a default and drop required = true, or remove @Schedule.")
        .contains("Nothing was created.");
    var fixed = r.err();
    assertThat(fixed).doesNotContain("Exception");
  }

  @Test
  void twoShortcutsAreRefused() {
    var r = ArgoCli.run(TwoShortcutsFlow.class, ArgoCli.env(work), work, "create", "--only-json");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "@Schedule: hourly and daily are both set; a schedule is one of cron, hourly, daily or"
                + " weekly. Keep one.");
  }
}
