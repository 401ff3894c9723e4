package dev.flowline.config;

/** A configuration problem; the message names the key, the value, the rule and the fix. */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a complete, user-facing message. */
  public ConfigException(String message) {
    super(message);
  }
}
