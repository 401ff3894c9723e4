package dev.flowline.config;

import java.util.Locale;

/** {@code true/false}, {@code 1/0}, {@code yes/no}; an empty value is false, as in Metaflow. */
record BooleanType() implements ValueType<Boolean> {
  @Override
  public Boolean parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes":
        return true;
      case "false", "0", "no", "":
        return false;
      default:
        throw new InvalidValueException("is not a boolean (true or false)", "\"true\"");
    }
  }

  @Override
  public String describe() {
    return "boolean (true/false)";
  }
}
