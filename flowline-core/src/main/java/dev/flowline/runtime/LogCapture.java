package dev.flowline.runtime;

import dev.flowline.datastore.LogStream;
import dev.flowline.datastore.TaskDatastore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Copies what a task writes to {@code System.out} and {@code System.err} into buffers (still
 * passing it through to where it went before), so the task saves its own logs before its done
 * marker, wherever it runs. Each stream keeps at most {@code maxBytes}; beyond that a truncation
 * notice is stored.
 *
 * <p>While the attempt runs, {@link #saveWhileRunning} also saves the logs so far in the
 * background, when new output arrived: first after {@link #FIRST_PARTIAL_SAVE}, then at intervals
 * growing by half up to {@link #MAX_PARTIAL_SAVE_INTERVAL} (Metaflow's sidecar grows from 0.25 s to
 * about 30 s), so {@code logs} shows what a running task printed, and a task whose runtime is
 * killed keeps its output up to its last save. The task never waits for these saves; each replaces
 * the whole log (bounded by {@code maxBytes} per stream), and the final {@link #save} stops them
 * first.
 */
final class LogCapture implements AutoCloseable {
  /** When the first background save happens. */
  static final Duration FIRST_PARTIAL_SAVE = Duration.ofSeconds(1);

  /** The longest interval between background saves. */
  static final Duration MAX_PARTIAL_SAVE_INTERVAL = Duration.ofSeconds(30);

  private final PrintStream originalErr;
  private final TaskOutput.Route route;
  private final Tee out;
  private final Tee err;
  private ScheduledThreadPoolExecutor saver;
  private long savedAt;
  private boolean warned;

  private LogCapture(long maxBytes) {
    originalErr = new PrintStream(TaskOutput.currentErr(), true, StandardCharsets.UTF_8);
    out = new Tee(TaskOutput.currentOut(), maxBytes);
    err = new Tee(TaskOutput.currentErr(), maxBytes);
    route = TaskOutput.route(out, err);
  }

  /**
   * Starts capturing what the current thread and the threads it starts write ({@link TaskOutput}),
   * until {@link #close()}: output of other threads, such as one an earlier task left running, is
   * not captured.
   */
  static LogCapture start(long maxBytes) {
    return new LogCapture(maxBytes);
  }

  /** Saves the logs to {@code data} in the background while the attempt runs (see above). */
  void saveWhileRunning(TaskDatastore data) {
    saver =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "flowline-log-saver");
              t.setDaemon(true);
              return t;
            });
    saver.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    schedule(data, FIRST_PARTIAL_SAVE);
  }

  private void schedule(TaskDatastore data, Duration delay) {
    if (saver.isShutdown()) {
      return;
    }
    saver.schedule(
        () -> {
          savePartial(data);
          Duration next = delay.plus(delay.dividedBy(2));
          schedule(
              data,
              next.compareTo(MAX_PARTIAL_SAVE_INTERVAL) > 0 ? MAX_PARTIAL_SAVE_INTERVAL : next);
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Saves both logs when output arrived since the last save; a failure is reported once. */
  private void savePartial(TaskDatastore data) {
    long written = out.written() + err.written();
    if (written == savedAt) {
      return;
    }
    try {
      data.saveLog(LogStream.STDOUT, out.bytes());
      data.saveLog(LogStream.STDERR, err.bytes());
      savedAt = written;
    } catch (IOException | RuntimeException e) {
      if (!warned) {
        warned = true;
        originalErr.println(
            "flowline: could not save the log of "
                + data.task()
                + " while it runs ("
                + e
                + "); retrying later, and the log is saved again when the task ends.");
      }
    }
  }

  /** Stops the background saves and waits for one in progress, so none lands after the last. */
  private void stopSaving() {
    if (saver == null) {
      return;
    }
    saver.shutdown();
    try {
      if (!saver.awaitTermination(30, TimeUnit.SECONDS)) {
        saver.shutdownNow();
      }
    } catch (InterruptedException e) {
      saver.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Saves both logs as they are now to {@code data} (after stopping the background saves). */
  void save(TaskDatastore data) throws IOException {
    stopSaving();
    out.flush();
    err.flush();
    data.saveLog(LogStream.STDOUT, out.bytes());
    data.saveLog(LogStream.STDERR, err.bytes());
  }

  @Override
  public void close() {
    stopSaving();
    route.close();
  }

  private static final class Tee extends OutputStream {
    private final OutputStream target;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final long max;
    private boolean truncated;
    private long written;

    Tee(OutputStream target, long max) {
      this.target = target;
      this.max = max;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      target.write(b);
      written++;
      if (copy.size() < max) {
        copy.write(b);
      } else {
        truncated = true;
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      target.write(b, off, len);
      written += len;
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

    /** How many bytes were written, kept or not. */
    synchronized long written() {
      return written;
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
