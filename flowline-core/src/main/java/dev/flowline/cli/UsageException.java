package dev.flowline.cli;

/**
 * A problem with what the user asked for (bad usage, configuration, graph or parameters): nothing
 * was run, the message is printed as is and the process exits with code 2.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A usage problem whose message names the thing, the bad value, the rule and the fix. */
  public UsageException(String message) {
    super(message);
  }

  /** A usage problem caused by {@code cause}. */
  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
