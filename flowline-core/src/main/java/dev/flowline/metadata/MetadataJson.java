package dev.flowline.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.datastore.ArtifactIndex;
import dev.flowline.datastore.cas.ArtifactRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON forms of metadata objects (small, human-readable, read with Jackson trees). */
final class MetadataJson {
  // shared: a mapper is costly to build and its serializer caches warm up across tasks
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectWriter PRETTY = JSON.writerWithDefaultPrettyPrinter();
  private final ObjectMapper json = JSON;

  /** The format version written into every metadata object, for readers of later versions. */
  static final int VERSION = 1;

  /** A new metadata object, with its format version. */
  ObjectNode object() {
    return json.createObjectNode().put("version", VERSION);
  }

  byte[] bytes(ObjectNode node) {
    try {
      return PRETTY.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write metadata JSON", e);
    }
  }

  JsonNode parse(byte[] bytes, String source) throws IOException {
    try {
      JsonNode node = json.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new IOException("not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new IOException(source + ": malformed metadata (" + e.getMessage() + ")", e);
    }
  }

  static void putStrings(ObjectNode node, String field, Collection<String> values) {
    ArrayNode array = node.putArray(field);
    values.forEach(array::add);
  }

  static List<String> strings(JsonNode node, String field) {
    List<String> out = new ArrayList<>();
    node.path(field).forEach(n -> out.add(n.asText()));
    return out;
  }

  static Map<String, String> stringMap(JsonNode node, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    node.path(field).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** Writes {@code index} under {@code field}: name to sha, type, encoding, size. */
  static void putIndex(ObjectNode node, String field, ArtifactIndex index) {
    ObjectNode objects = node.putObject(field);
    index
        .artifacts()
        .forEach(
            (name, ref) ->
                objects
                    .putObject(name)
                    .put("sha", ref.sha())
                    .put("type", ref.type())
                    .put("encoding", ref.encoding())
                    .put("size", ref.size()));
  }

  /** The index under {@code field}, empty when there is none. */
  static ArtifactIndex index(JsonNode node, String field) {
    var refs = new TreeMap<String, ArtifactRef>();
    node.path(field)
        .fields()
        .forEachRemaining(
            e ->
                refs.put(
                    e.getKey(),
                    new ArtifactRef(
                        e.getValue().path("sha").asText(),
                        e.getValue().path("type").asText(),
                        e.getValue().path("encoding").asText(),
                        e.getValue().path("size").asLong())));
    return ArtifactIndex.of(refs);
  }
}
