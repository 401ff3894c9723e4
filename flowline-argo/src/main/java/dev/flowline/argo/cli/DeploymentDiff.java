package dev.flowline.argo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.flowline.config.SecretMask;
import dev.flowline.kubernetes.render.CodePackageFeature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How {@code argo-workflows diff} compares a deployed object with the one {@code create} would
 * write: both are normalized ({@link #normalize}: what the API server and the controllers set is
 * dropped, the code package's signed URL is replaced by a fixed text, keys are sorted), values that
 * look like credentials are masked ({@link #mask}), and the two YAML texts are compared line by
 * line with java-diff-utils into a unified diff.
 */
final class DeploymentDiff {
  /** Annotation of a WorkflowTemplate: the content hash of the code package its pods fetch. */
  static final String CODE_PACKAGE_ANNOTATION = "flowline.dev/code-package";

  /** What the code package's signed URL is shown as: it changes on every {@code create}. */
  static final String CODE_URL_TEXT =
      "(the code package's signed URL, new on every create: the package is compared by its"
          + " content hash, annotation "
          + CODE_PACKAGE_ANNOTATION
          + ")";

  /** What a changed credential is shown as on the side of {@code create}. */
  static final String CHANGED_SECRET = SecretMask.MASK + " (changed)";

  /** The metadata fields a deployment sets; the API server sets the others. */
  private static final Set<String> OWN_METADATA =
      Set.of("name", "namespace", "labels", "annotations");

  /** Prefixes of labels and annotations that controllers and clients add to deployed objects. */
  static final List<String> SERVER_KEY_PREFIXES =
      List.of(
          "kubectl.kubernetes.io/",
          "workflows.argoproj.io/",
          "cronworkflows.argoproj.io/",
          "events.argoproj.io/");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One line per value (long strings are not folded), quotes only where YAML needs them. */
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .build());

  private DeploymentDiff() {}

  /**
   * A copy of {@code object} without what the cluster adds ({@code status}; every metadata field
   * but name, namespace, labels and annotations, so {@code resourceVersion}, {@code uid}, {@code
   * generation}, {@code creationTimestamp}, {@code managedFields}, ...; labels and annotations of
   * {@link #SERVER_KEY_PREFIXES}), with the code package's URL replaced by {@link #CODE_URL_TEXT}
   * and every object's keys sorted (the API server returns them sorted).
   */
  static ObjectNode normalize(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    copy.remove("status");
    if (copy.get("metadata") instanceof ObjectNode meta) {
      meta.retain(OWN_METADATA);
      for (String map : List.of("labels", "annotations")) {
        if (meta.get(map) instanceof ObjectNode m) {
          for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (SERVER_KEY_PREFIXES.stream().anyMatch(key::startsWith)) {
              it.remove();
            }
          }
          if (m.isEmpty()) {
            meta.remove(map);
          }
        }
      }
    }
    replaceCodeUrl(copy);
    return (ObjectNode) sorted(copy);
  }

  private static void replaceCodeUrl(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if (o.path("name").asText().equals(CodePackageFeature.CODE_URL_VARIABLE) && o.has("value")) {
        o.put("value", CODE_URL_TEXT);
      }
      o.elements().forEachRemaining(DeploymentDiff::replaceCodeUrl);
    } else if (node instanceof ArrayNode a) {
      a.elements().forEachRemaining(DeploymentDiff::replaceCodeUrl);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node instanceof ObjectNode o) {
      Map<String, JsonNode> fields = new TreeMap<>();
      o.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue())));
      ObjectNode out = JSON.createObjectNode();
      fields.forEach(out::set);
      return out;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode out = JSON.createArrayNode();
      a.elements().forEachRemaining(e -> out.add(sorted(e)));
      return out;
    }
    return node;
  }

  /** Two normalized objects with their credentials masked, and the names of the masked values. */
  record Masked(ObjectNode deployed, ObjectNode compiled, List<String> names) {}

  /**
   * {@code deployed} and {@code compiled} (either may be null) with every environment value that
   * looks like a credential ({@link SecretMask#show}) masked, also where the value appears in other
   * strings (a command's {@code --with environment:vars=...}). A credential of {@code compiled}
   * that differs from the deployed one at the same place (template and variable name) is shown as
   * {@link #CHANGED_SECRET}, so that a changed value shows as a changed line without being printed.
   */
  static Masked mask(ObjectNode deployed, ObjectNode compiled) {
    Map<String, String> before = new LinkedHashMap<>();
    Map<String, String> after = new LinkedHashMap<>();
    if (deployed != null) {
      secrets(deployed, "", before);
    }
    if (compiled != null) {
      secrets(compiled, "", after);
    }
    Map<String, String> shown = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (var m : List.of(before, after)) {
      m.forEach(
          (where, value) -> {
            String name = where.substring(where.lastIndexOf('[') + 1, where.length() - 1);
            shown.put(value, SecretMask.show(name, value, false));
            if (!names.contains(name)) {
              names.add(name);
            }
          });
    }
    ObjectNode d = deployed == null ? null : deployed.deepCopy();
    ObjectNode c = compiled == null ? null : compiled.deepCopy();
    if (d != null) {
      replace(d, "", shown, before, Map.of());
    }
    if (c != null) {
      replace(c, "", shown, after, before);
    }
    return new Masked(d, c, names);
  }

  /**
   * Collects {@code where -> value} for every credential-like {@code env} value under {@code node}.
   */
  private static void secrets(JsonNode node, String path, Map<String, String> out) {
    if (node instanceof ObjectNode o) {
      if (isEnvEntry(o)) {
        String value = o.get("value").asText();
        String name = o.get("name").asText();
        if (!value.isEmpty() && !value.equals(SecretMask.show(name, value, false))) {
          out.put(path, value);
        }
      }
      o.fields().forEachRemaining(e -> secrets(e.getValue(), path + "/" + e.getKey(), out));
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        secrets(a.get(i), path + "[" + label(a.get(i), i) + "]", out);
      }
    }
  }

  private static boolean isEnvEntry(ObjectNode o) {
    return o.size() == 2 && o.path("name").isTextual() && o.path("value").isTextual();
  }

  /** An array item's place: its {@code name} when it has one (stable across both sides). */
  private static String label(JsonNode item, int index) {
    return item.path("name").isTextual() ? item.path("name").asText() : Integer.toString(index);
  }

  private static void replace(
      JsonNode node,
      String path,
      Map<String, String> shown,
      Map<String, String> own,
      Map<String, String> other) {
    if (node instanceof ObjectNode o) {
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        var e = it.next();
        String at = path + "/" + e.getKey();
        if (e.getValue() instanceof TextNode t) {
          String value = t.asText();
          if (own.containsKey(path) && e.getKey().equals("value")) {
            boolean changed = other.containsKey(path) && !other.get(path).equals(value);
            String masked = shown.getOrDefault(value, SecretMask.MASK);
            o.put("value", changed ? masked + " (changed)" : masked);
          } else {
            o.put(e.getKey(), without(value, shown));
          }
        } else {
          replace(e.getValue(), at, shown, own, other);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode item = a.get(i);
        if (item instanceof TextNode t) {
          a.set(i, TextNode.valueOf(without(t.asText(), shown)));
        } else {
          replace(item, path + "[" + label(item, i) + "]", shown, own, other);
        }
      }
    }
  }

  private static String without(String text, Map<String, String> shown) {
    String out = text;
    for (var e : shown.entrySet()) {
      if (e.getKey().length() < 4) {
        continue; // a value this short is masked where it is set, not in every text it occurs in
      }
      out = out.replace(e.getKey(), e.getValue());
    }
    return out;
  }

  /** {@code object} as YAML lines (no document marker). */
  static List<String> yamlLines(ObjectNode object) {
    if (object == null) {
      return List.of();
    }
    String yaml;
    try {
      yaml = YAML.writeValueAsString(object);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree that cannot be YAML", e);
    }
    List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  /**
   * The unified diff (3 lines of context) from {@code deployed} to {@code compiled}, both already
   * normalized and masked; either may be null (an object to create or to delete). Empty when they
   * are equal.
   */
  static List<String> unified(String title, ObjectNode deployed, ObjectNode compiled) {
    List<String> before = yamlLines(deployed);
    List<String> after = yamlLines(compiled);
    if (before.equals(after)) {
      return List.of();
    }
    var patch = DiffUtils.diff(before, after);
    return UnifiedDiffUtils.generateUnifiedDiff(
        "deployed/" + title, "create/" + title, before, patch, 3);
  }
}
