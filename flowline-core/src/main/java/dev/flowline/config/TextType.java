package dev.flowline.config;

/** Text, optionally required to be non-empty. */
record TextType(String describe, String example, boolean nonEmpty) implements ValueType<String> {
  @Override
  public String parse(String text) {
    if (nonEmpty && text.isBlank()) {
      throw new InvalidValueException(
          "is empty (a value is required when the key is set)", example);
    }
    return text;
  }
}
