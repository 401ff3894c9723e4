package dev.flowline.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A JSON list of strings. */
record JsonStringListType(String example) implements ValueType<List<String>> {
  @Override
  public List<String> parse(String text) {
    if (text.isBlank()) {
      return List.of();
    }
    JsonNode node = JsonText.read(text, "a JSON list of strings", example);
    if (!node.isArray()) {
      throw new InvalidValueException("is not a JSON list of strings", example);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw new InvalidValueException(
            "has item " + item + " that is not a string (a JSON list of strings)", example);
      }
      out.add(item.asText());
    }
    return List.copyOf(out);
  }

  @Override
  public String describe() {
    return "JSON list of strings";
  }

  @Override
  public String format(List<String> value) {
    return JsonText.write(value);
  }
}
