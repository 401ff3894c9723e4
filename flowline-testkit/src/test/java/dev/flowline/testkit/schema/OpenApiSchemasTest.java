package dev.flowline.testkit.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OpenApiSchemasTest {
  static final OpenApiSchemas K8S = OpenApiSchemas.kubernetes();
  static final ObjectMapper JSON = new ObjectMapper();

  static final String JOB =
      "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"j\"},"
          + "\"spec\":{\"backoffLimit\":0,\"template\":{\"spec\":{\"restartPolicy\":\"Never\","
          + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\",%s}]}}}}";

  @Test
  void findsDefinitionsByApiVersionAndKind() {
    assertThat(K8S.definitionFor("batch/v1", "Job")).contains("io.k8s.api.batch.v1.Job");
    assertThat(K8S.definitionFor("v1", "Pod")).contains("io.k8s.api.core.v1.Pod");
  }

  @Test
  void acceptsAValidJob() throws Exception {
    String job =
        JOB.formatted(
            "\"ports\":[{\"containerPort\":8080}],\"resources\":{\"limits\":{\"cpu\":\"1\"}}");
    assertThat(K8S.validate(JSON.readTree(job))).isEmpty();
  }

  @Test
  void rejectsUnknownFieldsAtAnyDepth() throws Exception {
    String job = JOB.formatted("\"imagePullPolicie\":\"Always\"");
    assertThat(K8S.validate(JSON.readTree(job)))
        .singleElement()
        .asString()
        .contains("imagePullPolicie")
        .contains("/spec/template/spec/containers/0");
  }

  @Test
  void rejectsWrongTypesAndMissingRequiredFields() throws Exception {
    String job =
        JOB.formatted("\"ports\":[{\"containerPort\":\"http\"}]").replace("\"name\":\"c\",", "");
    assertThat(String.join("\n", K8S.validate(JSON.readTree(job))))
        .contains("containerPort")
        .contains("name");
  }

  @Test
  void intOrStringAcceptsBoth() throws Exception {
    String probe = "\"livenessProbe\":{\"httpGet\":{\"port\":%s}}";
    assertThat(K8S.validate(JSON.readTree(JOB.formatted(probe.formatted("8080"))))).isEmpty();
    assertThat(K8S.validate(JSON.readTree(JOB.formatted(probe.formatted("\"http\""))))).isEmpty();
  }
}
