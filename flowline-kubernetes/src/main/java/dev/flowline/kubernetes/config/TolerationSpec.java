package dev.flowline.kubernetes.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.config.InvalidValueException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One pod toleration, validated as the API server would: {@code operator} is {@code Equal}
 * (default) or {@code Exists}; {@code Exists} takes no value; an empty key needs {@code Exists};
 * {@code effect} is {@code NoSchedule}, {@code PreferNoSchedule} or {@code NoExecute}; {@code
 * tolerationSeconds} needs {@code NoExecute}.
 *
 * @param key the taint key, empty to match every key
 * @param operator {@code Equal} or {@code Exists}
 * @param value the taint value ({@code Equal} only)
 * @param effect the taint effect to match; empty for all effects
 * @param tolerationSeconds how long a {@code NoExecute} taint is tolerated
 */
public record TolerationSpec(
    String key, String operator, String value, String effect, Optional<Long> tolerationSeconds) {

  static final String EXAMPLE =
      "[{\"key\": \"gpu\", \"operator\": \"Exists\", \"effect\": \"NoSchedule\"}]";

  private static final Map<String, String> KEYS =
      Map.of(
          "key", "key",
          "operator", "operator",
          "value", "value",
          "effect", "effect",
          "tolerationSeconds", "tolerationSeconds",
          "toleration_seconds", "tolerationSeconds");
  private static final Set<String> EFFECTS =
      Set.of("", "NoSchedule", "PreferNoSchedule", "NoExecute");

  /**
   * Reads one toleration object; keys are camelCase as in Kubernetes, {@code toleration_seconds} is
   * accepted too (Metaflow's spelling).
   *
   * @throws InvalidValueException naming the unknown key or broken rule
   */
  public static TolerationSpec fromJson(JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidValueException(
          "has item " + node + " that is not a JSON object (a JSON list of toleration objects)",
          EXAMPLE);
    }
    Set<String> unknown = new LinkedHashSet<>();
    node.fieldNames()
        .forEachRemaining(
            f -> {
              if (!KEYS.containsKey(f)) {
                unknown.add(f);
              }
            });
    if (!unknown.isEmpty()) {
      throw new InvalidValueException(
          "has toleration keys "
              + unknown
              + " that do not exist (valid: key, operator, value, effect,"
              + " tolerationSeconds)",
          EXAMPLE);
    }
    String key = text(node, "key");
    String operator = text(node, "operator");
    if (operator.isEmpty()) {
      operator = "Equal";
    }
    String value = text(node, "value");
    String effect = text(node, "effect");
    JsonNode secondsNode =
        node.has("tolerationSeconds")
            ? node.get("tolerationSeconds")
            : node.get("toleration_seconds");
    Optional<Long> seconds = Optional.empty();
    if (secondsNode != null && !secondsNode.isNull()) {
      if (!secondsNode.canConvertToLong() || !secondsNode.isIntegralNumber()) {
        throw new InvalidValueException(
            "has tolerationSeconds " + secondsNode + " that is not a whole number", EXAMPLE);
      }
      seconds = Optional.of(secondsNode.asLong());
    }
    if (!List.of("Equal", "Exists").contains(operator)) {
      throw new InvalidValueException(
          "has toleration operator \"" + operator + "\" (valid: Equal, Exists)", EXAMPLE);
    }
    if (!EFFECTS.contains(effect)) {
      throw new InvalidValueException(
          "has toleration effect \""
              + effect
              + "\" (valid: NoSchedule, PreferNoSchedule, NoExecute)",
          EXAMPLE);
    }
    if (operator.equals("Exists") && !value.isEmpty()) {
      throw new InvalidValueException(
          "has a toleration with operator Exists and value \""
              + value
              + "\" (Exists takes no value)",
          EXAMPLE);
    }
    if (key.isEmpty() && !operator.equals("Exists")) {
      throw new InvalidValueException(
          "has a toleration without key whose operator is not Exists (an empty key matches all"
              + " taints only with Exists)",
          EXAMPLE);
    }
    if (!key.isEmpty()) {
      KubernetesRules.labelKey("taint", key, EXAMPLE.replace("gpu", "example.com/gpu"));
    }
    if (seconds.isPresent() && !effect.equals("NoExecute")) {
      throw new InvalidValueException(
          "has tolerationSeconds with effect \""
              + effect
              + "\" (tolerationSeconds needs effect NoExecute)",
          "[{\"key\": \"spot\", \"operator\": \"Exists\", \"effect\": \"NoExecute\","
              + " \"tolerationSeconds\": 60}]");
    }
    return new TolerationSpec(key, operator, value, effect, seconds);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw new InvalidValueException(
          "has toleration " + field + " " + v + " that is not a string", EXAMPLE);
    }
    return v.asText();
  }
}
