package dev.flowline.config;

import java.util.Optional;

/**
 * An option's effective value and where it came from.
 *
 * @param option the option
 * @param value the parsed value; empty when unset with no default, or invalid
 * @param source {@code env}, the config file's path, {@code default}, or {@code unset}
 * @param rawText the text as found (env or file), empty for defaults and unset options
 * @param problem why the found text was rejected, if it was
 * @param <T> the option's value type
 */
public record ResolvedOption<T>(
    ConfigOption<T> option,
    Optional<T> value,
    String source,
    Optional<String> rawText,
    Optional<Problem> problem) {

  /** Source of a value that comes from the option's default. */
  public static final String DEFAULT = "default";

  /** Source of an option that is set nowhere and has no default. */
  public static final String UNSET = "unset";

  /**
   * The effective value as text that is safe to show: secret and credential-like values are masked.
   */
  public String shownValue() {
    String text = rawText.orElseGet(() -> value.map(v -> option.type().format(v)).orElse(""));
    if (text.isEmpty()) {
      return text;
    }
    return SecretMask.show(option.key(), text, option.secret());
  }
}
