package dev.flowline.runtime;

import java.io.IOException;

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

  /** {@code failure} itself when it can be serialized, else a {@link #copyOf copy}. */
  static Object storable(Throwable failure) {
    try (var out = new java.io.ObjectOutputStream(java.io.OutputStream.nullOutputStream())) {
      out.writeObject(failure);
      return failure;
    } catch (IOException | RuntimeException e) {
      return TaskFailure.copyOf(failure);
    }
  }

  /**
   * Prints {@code t} and its causes with the frames of the user's code, not the runtime's below
   * them.
   */
  static void printUserTrace(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      System.err.println((c == t ? "" : "Caused by: ") + c);
      for (StackTraceElement e : c.getStackTrace()) {
        if (e.getClassName().startsWith("jdk.internal.reflect.")
            || e.getClassName().startsWith("java.lang.reflect.")) {
          break;
        }
        System.err.println("\tat " + e);
      }
    }
  }

  /** The class and message of {@code e}, at most 2000 characters. */
  static String summary(Throwable e) {
    String s = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return s.length() > 2000 ? s.substring(0, 2000) : s;
  }
}
