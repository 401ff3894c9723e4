package dev.flowline.argo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.testkit.schema.OpenApiSchemas;
import java.util.List;
import java.util.Map;

/**
 * The pinned Argo Workflows schemas (v4.1.2 and v3.7.18, from {@code shared/schemas}) and Argo
 * Events v1.9.11, unknown fields rejected: every generated object must be valid against both Argo
 * Workflows majors.
 */
final class ArgoSchemas {
  static final OpenApiSchemas V4 =
      OpenApiSchemas.fromResource("/schemas/v4.1.2-jsonschema-schema.json");
  static final OpenApiSchemas V3 =
      OpenApiSchemas.fromResource("/schemas/v3.7.18-jsonschema-schema.json");

  private static final Map<String, String> DEFINITIONS =
      Map.of(
          "WorkflowTemplate", "io.argoproj.workflow.v1alpha1.WorkflowTemplate",
          "CronWorkflow", "io.argoproj.workflow.v1alpha1.CronWorkflow",
          "Workflow", "io.argoproj.workflow.v1alpha1.Workflow");

  private ArgoSchemas() {}

  /** Asserts that {@code object} is valid against both Argo Workflows versions. */
  static void assertValid(JsonNode object) {
    String definition = DEFINITIONS.get(object.path("kind").asText());
    assertThat(definition).as("kind of %s", object.path("kind")).isNotNull();
    for (var schemas : List.of(V4, V3)) {
      assertThat(schemas.validate(definition, object))
          .as(
              "%s %s against Argo Workflows %s",
              object.path("kind").asText(),
              object.path("metadata").path("name").asText(),
              schemas == V4 ? "v4.1.2" : "v3.7.18")
          .isEmpty();
    }
  }
}
