package dev.flowline.runtime;

/**
 * A run that must not start (bad parameters, values that cannot be stored, a failed {@link
 * RunCheck}, launchers that disagree): nothing was run or written. The message names the thing, the
 * bad value, the rule and the fix; commands exit with code 2 on it.
 */
public final class InvalidRunException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A problem whose message names the thing, the bad value, the rule and the fix. */
  public InvalidRunException(String message) {
    super(message);
  }
}
