package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TaskConsoleTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final AtomicLong now = new AtomicLong();

  private TaskConsole console(boolean progress, boolean terminal) {
    return new TaskConsole(
        new PrintWriter(out), new PrintWriter(err), progress, terminal, now::get);
  }

  @Test
  void eachTaskStartAndEndWithItsDuration() {
    var c = console(true, false);
    c.taskStarted("[1/start/1]", "start", false);
    now.addAndGet(Duration.ofMillis(1234).toNanos());
    c.taskLine("[1/start/1]", false, "hello");
    c.taskSucceeded("[1/start/1]", "start");
    c.taskStarted("[1/end/2]", "end", true);
    assertThat(err.toString())
        .isEqualTo(
            "[1/start/1] Task is starting.\n"
                + "[1/start/1] Task finished successfully (1.2 s).\n"
                + "[1/end/2] Task is starting (retry).\n");
    assertThat(out.toString()).isEqualTo("[1/start/1] hello\n");
  }

  @Test
  void quietShowsOnlyTaskOutputAndWhatAlwaysShows() {
    var c = console(false, true);
    c.progress("Workflow starting");
    c.expect("1", "body", 500);
    c.taskStarted("[1/body/2]", "body", false);
    c.taskLine("[1/body/2]", false, "line");
    c.taskSucceeded("[1/body/2]", "body");
    c.always("Step 'body' failed.");
    assertThat(err.toString()).isEqualTo("Step 'body' failed.\n");
    assertThat(out.toString()).isEqualTo("[1/body/2] line\n");
  }

  @Test
  void aWideForeachIsOneProgressLineOnATerminal() {
    var c = console(true, true);
    c.expect("1", "body", 100);
    for (int i = 0; i < 100; i++) {
      c.taskStarted("[1/body/" + i + "]", "body", false);
    }
    now.addAndGet(Duration.ofSeconds(3).toNanos());
    for (int i = 0; i < 99; i++) {
      c.taskSucceeded("[1/body/" + i + "]", "body");
    }
    c.taskLine("[1/body/99]", false, "last words");
    c.taskSucceeded("[1/body/99]", "body");
    String shown = err.toString();
    assertThat(shown).doesNotContain("Task is starting").doesNotContain("Task finished");
    assertThat(shown).contains("\r\033[K[1/body] 99/100 tasks done, 1 running (3.0 s)");
    assertThat(shown).endsWith("\r\033[K[1/body] 100 tasks finished successfully (3.0 s).\n");
    assertThat(out.toString()).isEqualTo("[1/body/99] last words\n");
  }

  @Test
  void aNarrowForeachOrNoTerminalKeepsTaskLines() {
    var narrow = console(true, true);
    narrow.expect("1", "body", 3);
    narrow.taskStarted("[1/body/2]", "body", false);
    assertThat(err.toString()).isEqualTo("[1/body/2] Task is starting.\n");
    var plain = console(true, false);
    plain.expect("1", "body", 500);
    plain.taskStarted("[1/body/3]", "body", false);
    assertThat(err.toString()).endsWith("[1/body/3] Task is starting.\n").doesNotContain("\r");
  }

  @Test
  void durations() {
    assertThat(TaskConsole.text(Duration.ofMillis(400))).isEqualTo("0.4 s");
    assertThat(TaskConsole.text(Duration.ofSeconds(12))).isEqualTo("12 s");
    assertThat(TaskConsole.text(Duration.ofSeconds(185))).isEqualTo("3 min 5 s");
    assertThat(TaskConsole.text(Duration.ofMinutes(121))).isEqualTo("2 h 1 min");
  }
}
