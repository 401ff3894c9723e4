package dev.flowline.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.datastore.cas.ArtifactRef;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The artifacts of one task attempt: artifact name to {@link ArtifactRef}. Immutable; sorted by
 * name. Copying entries between indexes (inheritance from a parent step, {@code mergeArtifacts},
 * resume) moves no data.
 *
 * @param artifacts name to reference
 */
public record ArtifactIndex(SortedMap<String, ArtifactRef> artifacts) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Canonical form: an unmodifiable sorted copy. */
  public ArtifactIndex {
    artifacts = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(artifacts));
  }

  /** The empty index. */
  public static ArtifactIndex empty() {
    return new ArtifactIndex(new TreeMap<>());
  }

  /** An index of {@code refs}. */
  public static ArtifactIndex of(Map<String, ArtifactRef> refs) {
    return new ArtifactIndex(new TreeMap<>(refs));
  }

  /** The reference of {@code name}, if present. */
  public Optional<ArtifactRef> find(String name) {
    return Optional.ofNullable(artifacts.get(name));
  }

  /** The reference of {@code name}. @throws NoSuchElementException naming the known artifacts */
  public ArtifactRef get(String name) {
    ArtifactRef ref = artifacts.get(name);
    if (ref == null) {
      throw new NoSuchElementException(
          "no artifact '" + name + "'; the artifacts are " + artifacts.keySet());
    }
    return ref;
  }

  /** The artifact names, sorted. */
  public java.util.Set<String> names() {
    return artifacts.keySet();
  }

  /** This index with {@code name} set to {@code ref}. */
  public ArtifactIndex with(String name, ArtifactRef ref) {
    var copy = new TreeMap<>(artifacts);
    copy.put(name, ref);
    return new ArtifactIndex(copy);
  }

  /** This index overlaid with every entry of {@code other} (other wins). */
  public ArtifactIndex withAll(ArtifactIndex other) {
    var copy = new TreeMap<>(artifacts);
    copy.putAll(other.artifacts);
    return new ArtifactIndex(copy);
  }

  /** This index without {@code names}. */
  public ArtifactIndex without(Collection<String> names) {
    var copy = new TreeMap<>(artifacts);
    copy.keySet().removeAll(names);
    return new ArtifactIndex(copy);
  }

  /** Only the entries named in {@code names}. */
  public ArtifactIndex only(Collection<String> names) {
    var copy = new TreeMap<>(artifacts);
    copy.keySet().retainAll(names);
    return new ArtifactIndex(copy);
  }

  /** The JSON form stored as {@code N.data.json}. */
  public byte[] toJson(TaskPath task, int attempt) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    root.put("task", task.pathspec());
    root.put("attempt", attempt);
    ObjectNode objects = root.putObject("artifacts");
    artifacts.forEach(
        (name, ref) ->
            objects
                .putObject(name)
                .put("sha", ref.sha())
                .put("type", ref.type())
                .put("encoding", ref.encoding())
                .put("size", ref.size()));
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write an artifact index as JSON", e);
    }
  }

  /** Parses the JSON form. @throws IOException naming {@code source} when it is malformed */
  public static ArtifactIndex fromJson(byte[] json, String source) throws IOException {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || root.path("version").asInt() != 1 || !root.path("artifacts").isObject()) {
        throw new IOException(source + ": not an artifact index of version 1");
      }
      var refs = new TreeMap<String, ArtifactRef>();
      for (var it = root.get("artifacts").fields(); it.hasNext(); ) {
        var e = it.next();
        JsonNode r = e.getValue();
        refs.put(
            e.getKey(),
            new ArtifactRef(
                r.path("sha").asText(),
                r.path("type").asText(),
                r.path("encoding").asText(),
                r.path("size").asLong()));
      }
      return new ArtifactIndex(refs);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(source + ": malformed artifact index (" + e.getMessage() + ")", e);
    }
  }
}
