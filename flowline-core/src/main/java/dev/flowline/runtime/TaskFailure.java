package dev.flowline.runtime;

/**
 * A task failure that is not an exception of the user's code, or a copy of one that cannot be
 * stored as it is: the worker crashed, the attempt timed out or was killed. {@code @Catch} stores
 * it in its variable.
 */
public final class TaskFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}. */
  public TaskFailure(String message) {
    super(message);
  }

  /** A storable copy of {@code original}: its class name and message, and its stack trace. */
  public static TaskFailure copyOf(Throwable original) {
    var copy = new TaskFailure(original.getClass().getName() + ": " + original.getMessage());
    copy.setStackTrace(original.getStackTrace());
    return copy;
  }
}
