package dev.flowline.testkit.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates documents against the definitions of a Swagger 2.0 / OpenAPI document (such as
 * Kubernetes' {@code swagger.json}) with a JSON Schema validator, <b>rejecting unknown fields</b>:
 * every definition that lists {@code properties} gets {@code additionalProperties: false}.
 * Kubernetes' {@code int-or-string} format becomes "integer or string", and vendor extensions
 * ({@code x-...}) are dropped after the group/version/kind index has been read from them.
 *
 * <p>Load once and reuse: the Kubernetes document is about 4 MB.
 */
public final class OpenApiSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectNode definitions;
  private final Map<String, String> definitionByApiVersionKind;
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

  private OpenApiSchemas(ObjectNode definitions, Map<String, String> gvk) {
    this.definitions = definitions;
    this.definitionByApiVersionKind = Map.copyOf(gvk);
  }

  /** Kubernetes release 1.36's API definitions, from this module's resources. */
  public static OpenApiSchemas kubernetes() {
    return fromResource("/schemas/kubernetes/release-1.36-swagger.json");
  }

  /** The definitions of the Swagger document at class-path resource {@code resource}. */
  public static OpenApiSchemas fromResource(String resource) {
    try (InputStream in = OpenApiSchemas.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no class-path resource " + resource);
      }
      return fromSwagger(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /**
   * The definitions of {@code swagger} (a document with a top-level {@code definitions} object).
   */
  public static OpenApiSchemas fromSwagger(JsonNode swagger) {
    JsonNode defs = swagger.path("definitions");
    if (!defs.isObject()) {
      throw new IllegalArgumentException(
          "not a Swagger 2.0 document: no top-level 'definitions' object");
    }
    Map<String, String> gvk = new HashMap<>();
    ObjectNode strict = NODES.objectNode();
    defs.fields()
        .forEachRemaining(
            e -> {
              for (JsonNode k : e.getValue().path("x-kubernetes-group-version-kind")) {
                String group = k.path("group").asText();
                String apiVersion =
                    group.isEmpty()
                        ? k.path("version").asText()
                        : group + "/" + k.path("version").asText();
                gvk.put(apiVersion + "/" + k.path("kind").asText(), e.getKey());
              }
              strict.set(e.getKey(), strictSchema(e.getValue()));
            });
    return new OpenApiSchemas(strict, gvk);
  }

  /**
   * The definition name for {@code apiVersion} and {@code kind}, e.g. {@code
   * io.k8s.api.batch.v1.Job}.
   */
  public Optional<String> definitionFor(String apiVersion, String kind) {
    return Optional.ofNullable(definitionByApiVersionKind.get(apiVersion + "/" + kind));
  }

  /**
   * The problems of {@code document} against definition {@code definition}, each with its JSON
   * path; empty when valid.
   */
  public List<String> validate(String definition, JsonNode document) {
    if (!definitions.has(definition)) {
      throw new IllegalArgumentException("no definition named " + definition);
    }
    JsonSchema schema = compiled.computeIfAbsent(definition, this::compile);
    return schema.validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  /** The problems of {@code document}, found by its {@code apiVersion} and {@code kind}. */
  public List<String> validate(JsonNode document) {
    String apiVersion = document.path("apiVersion").asText();
    String kind = document.path("kind").asText();
    String def =
        definitionFor(apiVersion, kind)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no definition for apiVersion " + apiVersion + " kind " + kind));
    return validate(def, document);
  }

  private JsonSchema compile(String definition) {
    ObjectNode root = NODES.objectNode();
    root.put("$schema", "http://json-schema.org/draft-07/schema#");
    root.put("$ref", "#/definitions/" + definition);
    root.set("definitions", definitions);
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build();
    return factory.getSchema(root, config);
  }

  /** A copy of a Swagger schema that rejects unknown fields, without vendor extensions. */
  private static JsonNode strictSchema(JsonNode schema) {
    if (!schema.isObject()) {
      return schema;
    }
    if ("int-or-string".equals(schema.path("format").asText())) {
      ArrayNode types = NODES.arrayNode().add("integer").add("string");
      return NODES.objectNode().set("type", types);
    }
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
          e.getValue()
              .fields()
              .forEachRemaining(p -> props.set(p.getKey(), strictSchema(p.getValue())));
          out.set(k, props);
        }
        case "items", "additionalProperties" -> out.set(k, strictSchema(e.getValue()));
        case "allOf", "anyOf", "oneOf" -> {
          ArrayNode arr = NODES.arrayNode();
          e.getValue().forEach(s -> arr.add(strictSchema(s)));
          out.set(k, arr);
        }
        default -> out.set(k, e.getValue());
      }
    }
    if (out.has("properties") && !out.has("additionalProperties")) {
      out.put("additionalProperties", false);
    }
    return out;
  }
}
