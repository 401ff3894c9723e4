package dev.flowline.runtime;

import dev.flowline.datastore.LogStream;
import dev.flowline.datastore.TaskDatastore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies what a task writes to {@code System.out} and {@code System.err} into buffers (still
 * passing it through), so the task saves its own logs before its done marker, wherever it runs.
 * Each stream keeps at most {@code maxBytes}; beyond that a truncation notice is stored.
 */
final class LogCapture implements AutoCloseable {
  private final PrintStream originalOut;
  private final PrintStream originalErr;
  private final Tee out;
  private final Tee err;

  private LogCapture(long maxBytes) {
    originalOut = System.out;
    originalErr = System.err;
    out = new Tee(originalOut, maxBytes);
    err = new Tee(originalErr, maxBytes);
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** Starts capturing. */
  static LogCapture start(long maxBytes) {
    return new LogCapture(maxBytes);
  }

  /** Saves both logs as they are now to {@code data}. */
  void save(TaskDatastore data) throws IOException {
    System.out.flush();
    System.err.flush();
    data.saveLog(LogStream.STDOUT, out.bytes());
    data.saveLog(LogStream.STDERR, err.bytes());
  }

  @Override
  public void close() {
    System.out.flush();
    System.err.flush();
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private static final class Tee extends OutputStream {
    private final OutputStream target;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final long max;
    private boolean truncated;

    Tee(OutputStream target, long max) {
      this.target = target;
      this.max = max;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      target.write(b);
      if (copy.size() < max) {
        copy.write(b);
      } else {
        truncated = true;
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      target.write(b, off, len);
      int room = (int) Math.max(0, Math.min(len, max - copy.size()));
      copy.write(b, off, room);
      if (room < len) {
        truncated = true;
      }
    }

    @Override
    public void flush() throws IOException {
      target.flush();
    }

    synchronized byte[] bytes() {
      if (!truncated) {
        return copy.toByteArray();
      }
      var all = new ByteArrayOutputStream();
      all.writeBytes(copy.toByteArray());
      all.writeBytes("\n[TRUNCATED - MAXIMUM LOG SIZE REACHED]\n".getBytes(StandardCharsets.UTF_8));
      return all.toByteArray();
    }
  }
}
