package dev.flowline.runtime;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Where the runtime shows task output live and its own progress: each task line prefixed with
 * {@code [run/step/task]}; progress (the run id, each task's start and end with its duration, the
 * closing line) unless quiet; failures and retries always. On a terminal, the tasks of a wide
 * foreach step ({@value #WIDE} or more) are shown as one progress line, redrawn in place, instead
 * of two lines per task.
 */
final class TaskConsole {
  /** From this many tasks of one step on, a terminal shows them as one progress line. */
  static final int WIDE = 20;

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean progress;
  private final boolean terminal;
  private final LongSupplier nanoTime;
  private final Map<String, Long> startedAt = new HashMap<>();
  private final Map<String, WideStep> wide = new LinkedHashMap<>();
  private boolean statusShown;

  /** Progress shown unless {@code progress} is false; no progress line (not a terminal). */
  TaskConsole(PrintWriter out, PrintWriter err, boolean progress) {
    this(out, err, progress, false, System::nanoTime);
  }

  /**
   * A console that, when {@code terminal}, folds wide foreach steps into one progress line;
   * durations measured with {@code nanoTime}.
   */
  TaskConsole(
      PrintWriter out, PrintWriter err, boolean progress, boolean terminal, LongSupplier nanoTime) {
    this.out = out;
    this.err = err;
    this.progress = progress;
    this.terminal = terminal;
    this.nanoTime = nanoTime;
  }

  /** Whether standard error is an interactive terminal that can redraw a line. */
  static boolean onTerminal(Map<String, String> env) {
    return System.console() != null && !"dumb".equals(env.getOrDefault("TERM", "dumb"));
  }

  /** One line of a task's output. */
  synchronized void taskLine(String prefix, boolean stderr, String line) {
    clearStatus();
    PrintWriter w = stderr ? err : out;
    w.println(prefix + " " + line);
    w.flush();
    drawStatus();
  }

  /** A progress line, not shown when quiet. */
  synchronized void progress(String line) {
    if (progress) {
      line(line);
    }
  }

  /** A line always shown (failures, the final status). */
  synchronized void always(String line) {
    line(line);
  }

  /**
   * {@code tasks} more tasks of {@code step} are coming (a foreach split): on a terminal, a step
   * with {@value #WIDE} or more is shown as one progress line.
   */
  synchronized void expect(String runId, String step, int tasks) {
    if (!progress || !terminal) {
      return;
    }
    WideStep w = wide.get(step);
    if (w == null && tasks < WIDE) {
      return;
    }
    if (w == null) {
      w = new WideStep(runId + "/" + step, nanoTime.getAsLong());
      wide.put(step, w);
    }
    w.expected += tasks;
    redraw();
  }

  /** The attempt {@code prefix} ({@code [run/step/task]}) of {@code step} starts. */
  synchronized void taskStarted(String prefix, String step, boolean retry) {
    startedAt.put(prefix, nanoTime.getAsLong());
    WideStep w = wide.get(step);
    if (w != null) {
      w.running++;
      redraw();
    } else if (progress) {
      line(prefix + " Task is starting" + (retry ? " (retry)." : "."));
    }
  }

  /** The attempt {@code prefix} of {@code step} finished successfully. */
  synchronized void taskSucceeded(String prefix, String step) {
    Long start = startedAt.remove(prefix);
    WideStep w = wide.get(step);
    if (w != null) {
      w.running = Math.max(0, w.running - 1);
      w.done++;
      if (w.done >= w.expected) {
        wide.remove(step);
        clearStatus();
        line(
            "["
                + w.name
                + "] "
                + w.done
                + " tasks finished successfully ("
                + text(Duration.ofNanos(nanoTime.getAsLong() - w.since))
                + ").");
      } else {
        redraw();
      }
    } else if (progress) {
      line(
          prefix
              + " Task finished successfully"
              + (start == null
                  ? "."
                  : " (" + text(Duration.ofNanos(nanoTime.getAsLong() - start)) + ")."));
    }
  }

  /** The attempt {@code prefix} of {@code step} did not succeed (its line is printed apart). */
  synchronized void taskEnded(String prefix, String step) {
    startedAt.remove(prefix);
    WideStep w = wide.get(step);
    if (w != null) {
      w.running = Math.max(0, w.running - 1);
      redraw();
    }
  }

  /** The progress line goes away (the run ends). */
  synchronized void close() {
    clearStatus();
    wide.clear();
  }

  /** "0.4 s", "12 s", "3 min 5 s", "2 h 1 min". */
  static String text(Duration d) {
    long ms = d.toMillis();
    if (ms < 10_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = d.toSeconds();
    if (s < 60) {
      return s + " s";
    }
    if (s < 3600) {
      return s / 60 + " min " + s % 60 + " s";
    }
    return s / 3600 + " h " + (s % 3600) / 60 + " min";
  }

  private void line(String line) {
    clearStatus();
    err.println(line);
    err.flush();
    drawStatus();
  }

  private void redraw() {
    clearStatus();
    drawStatus();
  }

  private void clearStatus() {
    if (statusShown) {
      err.print("\r\033[K");
      err.flush();
      statusShown = false;
    }
  }

  private void drawStatus() {
    if (wide.isEmpty()) {
      return;
    }
    err.print(
        wide.values().stream()
            .map(
                w ->
                    "["
                        + w.name
                        + "] "
                        + w.done
                        + "/"
                        + w.expected
                        + " tasks done, "
                        + w.running
                        + " running ("
                        + text(Duration.ofNanos(nanoTime.getAsLong() - w.since))
                        + ")")
            .collect(Collectors.joining(" | ")));
    err.flush();
    statusShown = true;
  }

  /** Counts of a step shown as a progress line. */
  private static final class WideStep {
    final String name;
    final long since;
    int expected;
    int running;
    int done;

    WideStep(String name, long since) {
      this.name = name;
      this.since = since;
    }
  }
}
