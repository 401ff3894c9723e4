package dev.flowline.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.config.InvalidValueException;
import dev.flowline.config.ValueType;
import dev.flowline.kubernetes.config.KubernetesRules;
import dev.flowline.kubernetes.config.KubernetesTypes;
import dev.flowline.kubernetes.config.TolerationSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads decorator attribute values, which arrive as an annotation member (String, Integer, Boolean
 * or a List of String) or as {@code --with} text, into typed values. Each reader throws {@link
 * InvalidValueException}.
 */
final class AttributeValues {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AttributeValues() {}

  static String text(Object raw) {
    if (raw instanceof List<?>) {
      throw new InvalidValueException("is a list (a single value is expected)", "\"value\"");
    }
    return String.valueOf(raw).trim();
  }

  static long whole(Object raw, long min, long max) {
    return whole(raw, min, max, "\"" + Math.max(min, 1) + "\"");
  }

  static long whole(Object raw, long min, long max, String example) {
    if (raw instanceof Number n) {
      if (n instanceof Double || n instanceof Float) {
        if (n.doubleValue() != Math.rint(n.doubleValue())) {
          throw new InvalidValueException("is not a whole number", example);
        }
      }
      return ValueType.integer(min, max, example).parse(Long.toString(n.longValue()));
    }
    String t = text(raw);
    if (t.matches("[0-9]+\\.0+")) {
      t = t.substring(0, t.indexOf('.'));
    }
    return ValueType.integer(min, max, example).parse(t);
  }

  static boolean bool(Object raw) {
    if (raw instanceof Boolean b) {
      return b;
    }
    return ValueType.bool().parse(text(raw));
  }

  static BigDecimal cpu(Object raw) {
    return KubernetesRules.cpu(
        raw instanceof Number n ? new BigDecimal(n.toString()).toPlainString() : text(raw));
  }

  static BigDecimal memoryFactor(Object raw) {
    return KubernetesRules.memoryFactor(
        raw instanceof Number n ? new BigDecimal(n.toString()).toPlainString() : text(raw));
  }

  /** A list: an annotation array, a JSON list, or comma-separated text. */
  static List<String> items(Object raw) {
    if (raw instanceof List<?> list) {
      return list.stream()
          .map(String::valueOf)
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .toList();
    }
    String t = text(raw);
    if (t.startsWith("[")) {
      return ValueType.jsonStringList("[\"a\", \"b\"]").parse(t);
    }
    return ValueType.commaList("\"a,b\"").parse(t);
  }

  /**
   * A map: an annotation array of {@code "k=v"} items, a JSON object, or comma-separated {@code
   * k=v} text.
   */
  static Map<String, String> keyValues(Object raw, boolean valueRequired, String example) {
    if (raw instanceof List<?> list) {
      Map<String, String> out = new LinkedHashMap<>();
      for (Object o : list) {
        String item = String.valueOf(o).trim();
        if (item.startsWith("{")) {
          for (var e : ValueType.jsonStringMap(example).parse(item).entrySet()) {
            if (out.put(e.getKey(), e.getValue()) != null) {
              throw new InvalidValueException(
                  "repeats the key \"" + e.getKey() + "\" (each key may appear once)", example);
            }
          }
          continue;
        }
        int eq = item.indexOf('=');
        if (eq < 0 && valueRequired) {
          throw new InvalidValueException(
              "has item \"" + item + "\" without \"=\" (items are key=value)", example);
        }
        String key = (eq < 0 ? item : item.substring(0, eq)).trim();
        if (key.isEmpty()) {
          throw new InvalidValueException(
              "has item \"" + item + "\" with an empty key (items are key=value)", example);
        }
        if (out.put(key, eq < 0 ? "" : item.substring(eq + 1).trim()) != null) {
          throw new InvalidValueException(
              "repeats the key \"" + key + "\" (each key may appear once)", example);
        }
      }
      return out;
    }
    String t = text(raw);
    if (t.startsWith("{")) {
      return ValueType.jsonStringMap(example).parse(t);
    }
    return ValueType.keyValueList(valueRequired, example).parse(t);
  }

  /** Tolerations: an annotation array of JSON objects, or a JSON list (or one object) as text. */
  static List<TolerationSpec> tolerations(Object raw) {
    if (raw instanceof List<?> list) {
      List<TolerationSpec> out = new ArrayList<>();
      for (Object o : list) {
        String item = String.valueOf(o).trim();
        out.addAll(KubernetesTypes.tolerationList(item.startsWith("[") ? item : "[" + item + "]"));
      }
      return out;
    }
    String t = text(raw);
    return KubernetesTypes.tolerationList(t.startsWith("{") ? "[" + t + "]" : t);
  }

  /** Whether {@code text} is a JSON object (used to tell JSON from {@code k=v} text). */
  static boolean isJsonObject(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      return n != null && n.isObject();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return false;
    }
  }
}
