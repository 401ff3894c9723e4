package dev.flowline.testkit.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

class CrdSchemaTest {
  static final CrdSchema JOBSET = CrdSchema.jobSet(OpenApiSchemas.kubernetes());
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode jobSet(String spec) throws Exception {
    return YAML.readTree(
        """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata: {name: pair, labels: {team: data}}
        spec:
        """
            + spec.indent(2));
  }

  private static final String VALID =
      """
      replicatedJobs:
      - name: workers
        replicas: 2
        template:
          spec:
            backoffLimit: 0
            template:
              spec:
                restartPolicy: Never
                containers:
                - {name: main, image: "busybox:1.36", ports: [{containerPort: 80}]}
      """;

  @Test
  void aValidJobSetHasNoProblems() throws Exception {
    assertThat(JOBSET.validate(jobSet(VALID))).isEmpty();
  }

  @Test
  void unknownFieldsAndWrongTypesAreProblems() throws Exception {
    assertThat(JOBSET.validate(jobSet(VALID + "replicas: 2\n")))
        .singleElement()
        .asString()
        .contains("replicas");
    assertThat(JOBSET.validate(jobSet(VALID.replace("replicas: 2", "replicas: two"))))
        .singleElement()
        .asString()
        .contains("replicas")
        .contains("integer");
    assertThat(JOBSET.validate(jobSet(VALID.replace("containerPort: 80", "containerPorts: 80"))))
        .anySatisfy(p -> assertThat(p).contains("containerPorts"));
  }

  @Test
  void metadataIsCheckedAsKubernetesObjectMeta() throws Exception {
    JsonNode doc = jobSet(VALID);
    ((com.fasterxml.jackson.databind.node.ObjectNode) doc.path("metadata")).put("labelz", "x");
    assertThat(JOBSET.validate(doc)).singleElement().asString().contains("labelz");
  }

  @Test
  void anotherKindIsAProblem() throws Exception {
    JsonNode doc = jobSet(VALID);
    ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("kind", "Job");
    assertThat(JOBSET.validate(doc))
        .contains(
            "apiVersion/kind jobset.x-k8s.io/v1alpha2/Job is not jobset.x-k8s.io/v1alpha2/JobSet");
  }
}
