package dev.flowline.testkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Test helper: asserts that JSON text (for example fabric8's {@code Serialization.asJson(job)}) is
 * a valid Kubernetes object of its {@code apiVersion}/{@code kind}, unknown fields rejected.
 */
public final class KubernetesSchemaAssert {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenApiSchemas schemas;

  /** With the given schemas (share one instance across tests: loading takes a second). */
  public KubernetesSchemaAssert(OpenApiSchemas schemas) {
    this.schemas = schemas;
  }

  /** The problems of {@code json}; empty when valid. */
  public List<String> problems(String json) {
    return schemas.validate(read(json));
  }

  /**
   * @throws AssertionError listing every problem, when {@code json} is not valid
   */
  public void assertValid(String json) {
    List<String> problems = problems(json);
    if (!problems.isEmpty()) {
      throw new AssertionError(
          "not a valid Kubernetes object:\n  - "
              + String.join("\n  - ", problems)
              + "\nin:\n"
              + json);
    }
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }
}
