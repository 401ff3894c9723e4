package dev.flowline.metadata;

import java.util.Locale;

/** The state of a run. A run whose process died without ending it stays {@link #RUNNING}. */
public enum RunStatus {
  /** Started, not ended. */
  RUNNING,
  /** Ended with every task successful. */
  COMPLETED,
  /** Ended with a failed task, or killed. */
  FAILED;

  /** The lower-case form used in keys. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  static RunStatus fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
