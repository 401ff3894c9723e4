package dev.flowline.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON object whose values are strings. */
record JsonStringMapType(String example) implements ValueType<Map<String, String>> {
  @Override
  public Map<String, String> parse(String text) {
    if (text.isBlank()) {
      return Map.of();
    }
    JsonNode node = JsonText.read(text, "a JSON object", example);
    if (!node.isObject()) {
      throw new InvalidValueException("is not a JSON object of strings", example);
    }
    Map<String, String> out = new LinkedHashMap<>();
    var it = node.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().isTextual()) {
        throw new InvalidValueException(
            "has a non-string value "
                + e.getValue()
                + " for \""
                + e.getKey()
                + "\" (a JSON object of strings)",
            example);
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String describe() {
    return "JSON object of strings";
  }

  @Override
  public String format(Map<String, String> value) {
    return JsonText.write(value);
  }
}
