package dev.flowline.metadata;

import java.util.Locale;

/**
 * The state of a task attempt. An attempt without a done marker is {@link #RUNNING} (or crashed).
 */
public enum AttemptStatus {
  /** Started, no done marker (still running, or its process died). */
  RUNNING,
  /** Done, successful. */
  OK,
  /** Done, failed (the step threw, timed out or was killed). */
  FAILED;

  /** The lower-case form used in keys. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  static AttemptStatus fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
