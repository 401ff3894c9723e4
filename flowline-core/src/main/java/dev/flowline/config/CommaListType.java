package dev.flowline.config;

import java.util.Arrays;
import java.util.List;

/**
 * Comma-separated items, trimmed, blanks dropped. A JSON list of strings is accepted too (as a
 * config file may hold it natively).
 */
record CommaListType(String example) implements ValueType<List<String>> {
  @Override
  public List<String> parse(String text) {
    if (text.trim().startsWith("[")) {
      return new JsonStringListType(example).parse(text);
    }
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  @Override
  public String describe() {
    return "comma-separated list";
  }

  @Override
  public String format(List<String> value) {
    return String.join(",", value);
  }
}
