package dev.flowline.runtime;

import java.io.PrintWriter;

/**
 * Where the runtime shows task output live and its own progress: each task line prefixed with
 * {@code [run/step/task]}; progress only when verbose.
 */
final class TaskConsole {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean verbose;

  TaskConsole(PrintWriter out, PrintWriter err, boolean verbose) {
    this.out = out;
    this.err = err;
    this.verbose = verbose;
  }

  /** One line of a task's output. */
  synchronized void taskLine(String prefix, boolean stderr, String line) {
    PrintWriter w = stderr ? err : out;
    w.println(prefix + " " + line);
    w.flush();
  }

  /** A progress line, shown with {@code -v}. */
  synchronized void progress(String line) {
    if (verbose) {
      err.println(line);
      err.flush();
    }
  }

  /** A line always shown (failures, the final status). */
  synchronized void always(String line) {
    err.println(line);
    err.flush();
  }
}
