package dev.flowline.config;

/**
 * One validation problem: what is wrong (the key or {@code step 'x': parameter}), the offending
 * value as shown to the user (masked when secret), the rule it breaks and a valid example.
 *
 * @param subject the configuration key, or the step and parameter, e.g. {@code step
 *     'train': @Kubernetes(cpu)}
 * @param shownValue the value as it may be shown ({@code ****} for secrets)
 * @param rule the rule the value breaks, phrased to follow the value
 * @param example a valid value, or empty when none makes sense
 */
public record Problem(String subject, String shownValue, String rule, String example) {

  /** The one-line message: {@code SUBJECT: value "V" RULE. Use e.g. EXAMPLE.} */
  public String message() {
    String fix = example == null || example.isEmpty() ? "" : " Use e.g. " + example + ".";
    return subject + ": value \"" + shownValue + "\" " + rule + "." + fix;
  }

  /**
   * A problem with {@code rawValue}, masked when {@code secret} or when it looks like a credential.
   */
  public static Problem of(
      String subject, String rawValue, boolean secret, String rule, String example) {
    return new Problem(subject, SecretMask.show(subject, rawValue, secret), rule, example);
  }

  /** A problem from a rejected value. */
  public static Problem of(
      String subject, String rawValue, boolean secret, InvalidValueException e) {
    return of(subject, rawValue, secret, e.getMessage(), e.example());
  }
}
