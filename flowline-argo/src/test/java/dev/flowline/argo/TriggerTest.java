package dev.flowline.argo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.argo.flows.BadTriggerFlow;
import dev.flowline.argo.flows.TriggeredFlow;
import dev.flowline.testkit.schema.OpenApiSchemas;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Trigger} and {@code @TriggerOnFinish} become an Argo Events Sensor, valid against Argo
 * Events v1.9.11 (unknown fields rejected), whose Workflow is valid for both Argo Workflows majors;
 * bad triggers and missing settings exit 2.
 */
class TriggerTest {
  static final OpenApiSchemas EVENTS =
      OpenApiSchemas.fromResource("/schemas/v1.9.11-jsonschema-schema.json");

  @TempDir Path work;

  private Map<String, String> env() {
    var env = ArgoCli.env(work);
    env.put("METAFLOW_ARGO_EVENTS_EVENT_SOURCE", "argo-events-webhook");
    env.put("METAFLOW_ARGO_EVENTS_EVENT", "metaflow-event");
    env.put("METAFLOW_ARGO_EVENTS_SENSOR_NAMESPACE", "argo-events");
    env.put("METAFLOW_ARGO_EVENTS_SERVICE_ACCOUNT", "operate-workflow-sa");
    return env;
  }

  @Test
  void aTriggeredFlowGetsASensorMappingPayloadFieldsToParameters() throws Exception {
    var r = ArgoCli.run(TriggeredFlow.class, env(), work, "create", "--only-json");
    assertThat(r.code()).as(r.all()).isZero();
    List<JsonNode> docs =
        new ObjectMapper().readerFor(JsonNode.class).<JsonNode>readValues(r.out()).readAll();
    assertThat(docs)
        .extracting(d -> d.path("kind").asText())
        .containsExactly("WorkflowTemplate", "Sensor");
    ArgoSchemas.assertValid(docs.get(0));
    var sensor = docs.get(1);
    assertThat(EVENTS.validate("io.argoproj.events.v1alpha1.Sensor", sensor)).isEmpty();
    var workflow = sensor.at("/spec/triggers/0/template/k8s/source/resource");
    ArgoSchemas.assertValid(workflow);

    assertThat(sensor.at("/metadata/name").asText()).isEqualTo("triggeredflow");
    assertThat(sensor.at("/metadata/namespace").asText()).isEqualTo("argo-events");
    assertThat(sensor.at("/spec/eventBusName").asText()).isEqualTo("default");
    assertThat(sensor.at("/spec/template/serviceAccountName").asText())
        .isEqualTo("operate-workflow-sa");
    var deps = sensor.at("/spec/dependencies");
    assertThat(deps).hasSize(2);
    assertThat(deps.get(0).at("/eventSourceName").asText()).isEqualTo("argo-events-webhook");
    assertThat(deps.get(0).at("/eventName").asText()).isEqualTo("metaflow-event");
    assertThat(deps.get(0).at("/filters/exprs/0/expr").asText()).isEqualTo("name == 'data.ready'");
    assertThat(deps.get(0).at("/filters/exprs/1/fields/0/path").asText())
        .as("a required parameter's field must be in the payload")
        .isEqualTo("body.payload.table");
    assertThat(deps.get(1).at("/filters/exprs/0/expr").asText())
        .isEqualTo("name == 'metaflow.TrainingFlow.end'");
    assertThat(workflow.at("/metadata/namespace").asText()).isEqualTo("flows");
    assertThat(workflow.at("/spec/workflowTemplateRef/name").asText()).isEqualTo("triggeredflow");
    assertThat(workflow.at("/spec/arguments/parameters").toString())
        .isEqualTo("[{\"name\":\"table\",\"value\":\"\"},{\"name\":\"rows\",\"value\":\"10\"}]");
    var params = sensor.at("/spec/triggers/0/template/k8s/parameters");
    assertThat(params.get(1).toString())
        .isEqualTo(
            "{\"src\":{\"dependencyName\":\""
                + deps.get(0).at("/name").asText()
                + "\",\"dataKey\":\"body.payload.row_count\",\"value\":\"10\"},"
                + "\"dest\":\"spec.arguments.parameters.1.value\"}");
  }

  @Test
  void badTriggersAreReportedTogether() {
    var r = ArgoCli.run(BadTriggerFlow.class, env(), work, "create", "--only-json");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains(
            "@Trigger(event): value \"data ready!\" is not an event name (letters, digits, '_',"
                + " '.' and '-'). Use e.g. \"data.ready\".")
        .contains(
            "@Trigger(parameters): \"tabel\" names parameter --tabel, which the flow does not have"
                + " (its parameters: --table). Fix the name.");
  }

  @Test
  void aTriggeredFlowNeedsTheEventSourceAndEvent() {
    var r = ArgoCli.run(TriggeredFlow.class, ArgoCli.env(work), work, "create", "--only-json");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "METAFLOW_ARGO_EVENTS_EVENT_SOURCE: not set, and flow TriggeredFlow has @Trigger: its"
                + " Sensor must name the Argo Events EventSource and event it listens to. Set it,"
                + " e.g. METAFLOW_ARGO_EVENTS_EVENT_SOURCE=argo-events-webhook.")
        .contains("METAFLOW_ARGO_EVENTS_EVENT: not set");
  }
}
