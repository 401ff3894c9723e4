package dev.flowline.testkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates custom resources against the {@code openAPIV3Schema} of their CustomResourceDefinition
 * (such as JobSet's), <b>rejecting unknown fields</b> as the API server prunes them: every object
 * schema that lists {@code properties} and does not keep unknown fields ({@code
 * x-kubernetes-preserve-unknown-fields}) gets {@code additionalProperties: false}; {@code
 * x-kubernetes-int-or-string} becomes "integer or string". The object's {@code metadata}, which a
 * CRD leaves open, is validated against Kubernetes' {@code ObjectMeta}.
 */
public final class CrdSchema {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String apiVersion;
  private final String kind;
  private final JsonSchema schema;
  private final OpenApiSchemas kubernetes;

  private CrdSchema(String apiVersion, String kind, JsonSchema schema, OpenApiSchemas kubernetes) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.schema = schema;
    this.kubernetes = kubernetes;
  }

  /** JobSet v0.12.0's {@code jobset.x-k8s.io/v1alpha2}, from this module's resources. */
  public static CrdSchema jobSet(OpenApiSchemas kubernetes) {
    return fromResource(
        "/schemas/jobset/v0.12.0-crd-jobset.x-k8s.io_jobsets.yaml", "v1alpha2", kubernetes);
  }

  /** Version {@code version} of the CRD at class-path resource {@code resource}. */
  public static CrdSchema fromResource(String resource, String version, OpenApiSchemas kubernetes) {
    JsonNode crd;
    try (InputStream in = CrdSchema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no class-path resource " + resource);
      }
      crd = YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    String group = crd.path("spec").path("group").asText();
    String kind = crd.path("spec").path("names").path("kind").asText();
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        ObjectNode root = (ObjectNode) strict(v.path("schema").path("openAPIV3Schema"));
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        var config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build();
        var schema =
            JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(root, config);
        return new CrdSchema(group + "/" + version, kind, schema, kubernetes);
      }
    }
    throw new IllegalArgumentException(resource + " has no version " + version);
  }

  /** The problems of {@code document}; empty when valid. */
  public List<String> validate(JsonNode document) {
    var problems = new ArrayList<String>();
    if (!apiVersion.equals(document.path("apiVersion").asText())
        || !kind.equals(document.path("kind").asText())) {
      problems.add(
          "apiVersion/kind "
              + document.path("apiVersion").asText()
              + "/"
              + document.path("kind").asText()
              + " is not "
              + apiVersion
              + "/"
              + kind);
    }
    schema.validate(document).stream().map(ValidationMessage::getMessage).forEach(problems::add);
    problems.addAll(
        kubernetes.validate(
            "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", document.path("metadata")));
    return problems.stream().sorted().toList();
  }

  /** A copy of a structural schema that rejects unknown fields, without vendor extensions. */
  private static JsonNode strict(JsonNode schema) {
    if (!schema.isObject()) {
      return schema;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      ArrayNode types = NODES.arrayNode().add("integer").add("string");
      return NODES.objectNode().set("type", types);
    }
    boolean keepsUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    ObjectNode out = NODES.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = schema.fields();
    while (it.hasNext()) {
      var e = it.next();
      String k = e.getKey();
      if (k.startsWith("x-") || k.equals("description")) {
        continue;
      }
      switch (k) {
        case "properties" -> {
          ObjectNode props = NODES.objectNode();
          e.getValue().fields().forEachRemaining(p -> props.set(p.getKey(), strict(p.getValue())));
          out.set(k, props);
        }
        case "items", "additionalProperties" -> out.set(k, strict(e.getValue()));
        case "allOf", "anyOf", "oneOf" -> {
          ArrayNode arr = NODES.arrayNode();
          e.getValue().forEach(s -> arr.add(strict(s)));
          out.set(k, arr);
        }
        default -> out.set(k, e.getValue());
      }
    }
    if (out.has("properties") && !out.has("additionalProperties") && !keepsUnknown) {
      out.put("additionalProperties", false);
    }
    return out;
  }
}
