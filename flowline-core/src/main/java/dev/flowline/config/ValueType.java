package dev.flowline.config;

import java.util.List;
import java.util.Map;

/**
 * How the text of a configuration value becomes a typed value. Config files may hold lists and
 * objects as native JSON or as JSON strings: both arrive here as the same JSON text.
 *
 * @param <T> the parsed type
 */
public interface ValueType<T> {

  /**
   * Parses {@code text}.
   *
   * @throws InvalidValueException naming the rule the text breaks and a valid example
   */
  T parse(String text);

  /** The type as the docs show it, e.g. {@code whole number >= 60}. */
  String describe();

  /** The value as text, in the form {@link #parse} accepts. */
  default String format(T value) {
    return String.valueOf(value);
  }

  /** Any text. */
  static ValueType<String> string() {
    return new TextType("text", "", false);
  }

  /** Text that must not be empty. */
  static ValueType<String> nonEmptyString(String example) {
    return new TextType("text", example, true);
  }

  /** A whole number in {@code [min, max]}. */
  static ValueType<Long> integer(long min, long max) {
    return new IntegerType(min, max);
  }

  /**
   * A whole number in {@code [min, max]}; {@code example} is offered in messages, e.g. {@code
   * "4096"}.
   */
  static ValueType<Long> integer(long min, long max, String example) {
    return new IntegerType(min, max, example);
  }

  /** {@code true/false}, also {@code 1/0}, {@code yes/no}, in any case. */
  static ValueType<Boolean> bool() {
    return new BooleanType();
  }

  /** One of {@code choices}, matched ignoring case, returned as written in {@code choices}. */
  static ValueType<String> choice(String... choices) {
    return new ChoiceType(List.of(choices));
  }

  /** A comma-separated list; blank items are dropped. */
  static ValueType<List<String>> commaList(String example) {
    return new CommaListType(example);
  }

  /**
   * A comma-separated list of {@code key=value}; {@code valueRequired} decides whether a bare key
   * is allowed.
   */
  static ValueType<Map<String, String>> keyValueList(boolean valueRequired, String example) {
    return new KeyValueListType(valueRequired, example);
  }

  /** A JSON list of strings, e.g. {@code ["regcred"]}. */
  static ValueType<List<String>> jsonStringList(String example) {
    return new JsonStringListType(example);
  }

  /** A JSON object of string values, e.g. {@code {"claim": "/mnt/data"}}. */
  static ValueType<Map<String, String>> jsonStringMap(String example) {
    return new JsonStringMapType(example);
  }

  /** An absolute URL with one of {@code schemes}, e.g. {@code s3://bucket/prefix}. */
  static ValueType<String> url(String example, String... schemes) {
    return new UrlType(List.of(schemes), example);
  }
}
