package dev.flowline.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Comma-separated {@code key=value} items; each item is split on its first {@code =}, so values may
 * hold {@code =} but not {@code ,}. A repeated key is an error. Without {@code valueRequired}, a
 * bare {@code key} maps to the empty string. A JSON object is accepted too (as a config file may
 * hold it natively); its scalar values are taken as text.
 */
record KeyValueListType(boolean valueRequired, String example)
    implements ValueType<Map<String, String>> {
  @Override
  public Map<String, String> parse(String text) {
    if (text.trim().startsWith("{")) {
      return fromJson(text);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String raw : text.split(",")) {
      String item = raw.trim();
      if (item.isEmpty()) {
        continue;
      }
      int eq = item.indexOf('=');
      if (eq < 0 && valueRequired) {
        throw new InvalidValueException(
            "has item \"" + item + "\" without \"=\" (a comma-separated list of key=value)",
            example);
      }
      String key = (eq < 0 ? item : item.substring(0, eq)).trim();
      String value = eq < 0 ? "" : item.substring(eq + 1).trim();
      if (key.isEmpty()) {
        throw new InvalidValueException(
            "has item \"" + item + "\" with an empty key (a comma-separated list of key=value)",
            example);
      }
      if (out.containsKey(key)) {
        throw new InvalidValueException(
            "repeats the key \"" + key + "\" (each key may appear once)", example);
      }
      out.put(key, value);
    }
    return Collections.unmodifiableMap(out);
  }

  private Map<String, String> fromJson(String text) {
    var node = JsonText.read(text, "a JSON object or key=value,...", example);
    if (!node.isObject()) {
      throw new InvalidValueException("is not a JSON object or a key=value list", example);
    }
    Map<String, String> out = new LinkedHashMap<>();
    var it = node.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (e.getValue().isContainerNode()) {
        throw new InvalidValueException(
            "has a list or object as the value of \"" + e.getKey() + "\" (values are text)",
            example);
      }
      out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText());
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String describe() {
    return valueRequired ? "comma-separated key=value list" : "comma-separated key[=value] list";
  }

  @Override
  public String format(Map<String, String> value) {
    return value.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
