package dev.flowline.config;

/** A whole number within bounds. */
record IntegerType(long min, long max, String example) implements ValueType<Long> {
  @Override
  public Long parse(String text) {
    long v;
    try {
      v = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidValueException("is not a whole number (" + range() + ")", example());
    }
    if (v < min || v > max) {
      throw new InvalidValueException("is out of range (" + range() + ")", example());
    }
    return v;
  }

  @Override
  public String describe() {
    return "whole number, " + range();
  }

  private String range() {
    if (max >= Integer.MAX_VALUE) {
      return "at least " + min;
    }
    return "from " + min + " to " + max;
  }

  IntegerType(long min, long max) {
    this(min, max, "\"" + Math.max(min, Math.min(max, 60)) + "\"");
  }
}
