package dev.flowline.config;

/**
 * Thrown by a {@link ValueType} or a check when a value breaks its rule. The message is the rule as
 * seen from the value ("is not a whole number"), without the key: the caller adds the key, the
 * value and the example.
 */
public class InvalidValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String example;

  /**
   * @param rule what is wrong, phrased to follow the value, e.g. {@code is not a whole number (e.g.
   *     8080)}
   * @param example a valid value the user could write instead, e.g. {@code 8080}
   */
  public InvalidValueException(String rule, String example) {
    super(rule);
    this.example = example;
  }

  /** A valid value the user could write instead. */
  public String example() {
    return example;
  }
}
