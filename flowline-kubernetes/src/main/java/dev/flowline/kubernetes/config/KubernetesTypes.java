package dev.flowline.kubernetes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.config.InvalidValueException;
import dev.flowline.config.ValueType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Value types of the Kubernetes options: the core types plus Kubernetes' naming rules. The same
 * parsers read {@code @Kubernetes} and {@code --with} values, so every source is held to the same
 * rules.
 */
public final class KubernetesTypes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KubernetesTypes() {}

  /** CPU cores or millicores, greater than 0. */
  public static ValueType<BigDecimal> cpu() {
    return new Checked<>(
        "CPU cores (e.g. 2, 0.5, 500m)", KubernetesRules::cpu, BigDecimal::toPlainString);
  }

  /** A memory factor: a decimal number greater than 1 and at most 10, e.g. 1.5. */
  public static ValueType<BigDecimal> memoryFactor() {
    return new Checked<>(
        "decimal number greater than 1, at most 10 (e.g. 1.5)",
        KubernetesRules::memoryFactor,
        BigDecimal::toPlainString);
  }

  /**
   * Labels {@code k=v,...}; the value may be omitted (empty value). Keys and values follow the
   * label rules.
   */
  public static ValueType<Map<String, String>> labels() {
    return keyValues("label", false, true, "\"team=ml,env=dev\"");
  }

  /**
   * Annotations {@code k=v,...}; the value may be omitted. Keys follow the label-key rules; values
   * are free.
   */
  public static ValueType<Map<String, String>> annotations() {
    return keyValues("annotation", false, false, "\"owner=ml-team\"");
  }

  /** Node selector {@code k=v,...}; both parts required; keys and values follow the label rules. */
  public static ValueType<Map<String, String>> nodeSelector() {
    return keyValues("node selector", true, true, "\"kubernetes.io/arch=amd64\"");
  }

  /** Secret names, comma-separated; each a DNS-1123 subdomain. */
  public static ValueType<List<String>> secretNames() {
    ValueType<List<String>> base = ValueType.commaList("\"db-credentials,api-keys\"");
    return new Checked<>(
        "comma-separated list of Secret names",
        text -> names("Secret name", base.parse(text), "\"db-credentials\""),
        base::format);
  }

  /** Image pull Secret names as a JSON list; each a DNS-1123 subdomain. */
  public static ValueType<List<String>> pullSecretNames() {
    ValueType<List<String>> base = ValueType.jsonStringList("[\"regcred\"]");
    return new Checked<>(
        "JSON list of Secret names",
        text -> names("image pull Secret name", base.parse(text), "[\"regcred\"]"),
        base::format);
  }

  /** PersistentVolumeClaims as a JSON object claim name to mount path. */
  public static ValueType<Map<String, String>> persistentVolumeClaims() {
    ValueType<Map<String, String>> base =
        ValueType.jsonStringMap("{\"data-claim\": \"/mnt/data\"}");
    return new Checked<>(
        "JSON object of claim name to mount path", text -> claims(base.parse(text)), base::format);
  }

  /**
   * Tolerations as a JSON list of objects (camelCase keys as in Kubernetes; snake_case accepted).
   */
  public static ValueType<List<TolerationSpec>> tolerations() {
    return new Checked<>(
        "JSON list of toleration objects",
        KubernetesTypes::tolerationList,
        KubernetesTypes::formatTolerations);
  }

  /** Checks claim names and mount paths; the pod volume is named {@code pvc-<claim>}. */
  public static Map<String, String> claims(Map<String, String> claims) {
    Map<String, String> out = new LinkedHashMap<>();
    claims.forEach(
        (claim, path) -> {
          KubernetesRules.dnsSubdomain(
              "PersistentVolumeClaim name", claim, "{\"data-claim\": \"/mnt/data\"}");
          if (("pvc-" + claim).length() > 63 || claim.contains(".")) {
            throw new InvalidValueException(
                "has claim \""
                    + claim
                    + "\" that is too long for its pod volume name \"pvc-"
                    + claim
                    + "\" (a DNS-1123 label of at most 63 characters, so a claim name of at most 59"
                    + " characters without '.')",
                "{\"data-claim\": \"/mnt/data\"}");
          }
          KubernetesRules.absolutePath(
              "mount path for claim \"" + claim + "\"", path, "{\"" + claim + "\": \"/mnt/data\"}");
          out.put(claim, path);
        });
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Reads a JSON list of toleration objects. */
  public static List<TolerationSpec> tolerationList(String text) {
    if (text.isBlank()) {
      return List.of();
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidValueException(
          "is not valid JSON (expected a JSON list of toleration objects; "
              + e.getOriginalMessage()
              + ")",
          TolerationSpec.EXAMPLE);
    }
    if (node == null || !node.isArray()) {
      throw new InvalidValueException(
          "is not a JSON list of toleration objects", TolerationSpec.EXAMPLE);
    }
    List<TolerationSpec> out = new ArrayList<>();
    node.forEach(n -> out.add(TolerationSpec.fromJson(n)));
    return List.copyOf(out);
  }

  private static String formatTolerations(List<TolerationSpec> list) {
    return list.stream()
        .map(
            t -> {
              Map<String, Object> m = new LinkedHashMap<>();
              if (!t.key().isEmpty()) {
                m.put("key", t.key());
              }
              m.put("operator", t.operator());
              if (!t.value().isEmpty()) {
                m.put("value", t.value());
              }
              if (!t.effect().isEmpty()) {
                m.put("effect", t.effect());
              }
              t.tolerationSeconds().ifPresent(s -> m.put("tolerationSeconds", s));
              try {
                return JSON.writeValueAsString(m);
              } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
              }
            })
        .collect(Collectors.joining(",", "[", "]"));
  }

  /** Checks each entry of a key/value map by the rules of {@code kind}. */
  public static Map<String, String> checkKeyValues(
      String kind, boolean checkValues, Map<String, String> map, String example) {
    map.forEach(
        (k, v) -> {
          KubernetesRules.labelKey(kind, k, example);
          if (checkValues) {
            KubernetesRules.labelValue(k, v, example);
          }
        });
    return map;
  }

  private static ValueType<Map<String, String>> keyValues(
      String kind, boolean valueRequired, boolean checkValues, String example) {
    ValueType<Map<String, String>> base = ValueType.keyValueList(valueRequired, example);
    return new Checked<>(
        base.describe() + " of " + kind + "s",
        text -> checkKeyValues(kind, checkValues, base.parse(text), example),
        base::format);
  }

  private static List<String> names(String what, List<String> names, String example) {
    names.forEach(n -> KubernetesRules.dnsSubdomain(what + " \"" + n + "\"", n, example));
    return names;
  }

  /** A value type from a parse function. */
  private record Checked<T>(
      String describe,
      java.util.function.Function<String, T> parser,
      java.util.function.Function<T, String> formatter)
      implements ValueType<T> {
    @Override
    public T parse(String text) {
      return parser.apply(text);
    }

    @Override
    public String format(T value) {
      return formatter.apply(value);
    }
  }
}
