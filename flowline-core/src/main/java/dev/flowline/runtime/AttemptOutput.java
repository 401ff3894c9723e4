package dev.flowline.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The output of one task attempt as the runtime receives it: shown live with the task's prefix and
 * kept (up to a limit) so the runtime can store it when the task could not (it crashed or was
 * killed).
 */
final class AttemptOutput implements OutputListener {
  private final TaskConsole console;
  private final String prefix;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  AttemptOutput(TaskConsole console, String prefix) {
    this.console = console;
    this.prefix = prefix;
  }

  @Override
  public void line(boolean isErr, String line) {
    console.taskLine(prefix, isErr, line);
    ByteArrayOutputStream buf = isErr ? stderr : stdout;
    synchronized (buf) {
      if (buf.size() < StepExecutor.MAX_LOG_BYTES) {
        buf.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** What the task wrote to stdout so far. */
  byte[] stdout() {
    synchronized (stdout) {
      return stdout.toByteArray();
    }
  }

  /** What the task wrote to stderr so far. */
  byte[] stderr() {
    synchronized (stderr) {
      return stderr.toByteArray();
    }
  }
}
