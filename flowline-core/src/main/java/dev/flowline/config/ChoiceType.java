package dev.flowline.config;

import java.util.List;
import java.util.Locale;

/** One of a fixed set of values, matched ignoring case. */
record ChoiceType(List<String> choices) implements ValueType<String> {
  ChoiceType {
    choices = List.copyOf(choices);
  }

  @Override
  public String parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    return choices.stream()
        .filter(c -> c.toLowerCase(Locale.ROOT).equals(t))
        .findFirst()
        .orElseThrow(
            () ->
                new InvalidValueException(
                    "is not one of " + String.join(", ", choices) + " (any case)",
                    "\"" + choices.get(0) + "\""));
  }

  @Override
  public String describe() {
    return "one of " + String.join(", ", choices);
  }
}
