package dev.flowline.metadata;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * What a failed attempt threw, as text (the exception's classes need not be loadable by the
 * reader).
 *
 * @param type the exception's class name
 * @param message its message, or empty
 * @param stackTrace the printed stack trace, or empty
 */
public record ExceptionSummary(String type, String message, String stackTrace) {
  /** Canonical form: no nulls. */
  public ExceptionSummary {
    message = message == null ? "" : message;
    stackTrace = stackTrace == null ? "" : stackTrace;
  }

  /** The summary of {@code t}. */
  public static ExceptionSummary of(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    return new ExceptionSummary(t.getClass().getName(), t.getMessage(), trace.toString());
  }

  @Override
  public String toString() {
    return message.isEmpty() ? type : type + ": " + message;
  }
}
