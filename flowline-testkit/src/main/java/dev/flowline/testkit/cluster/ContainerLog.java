package dev.flowline.testkit.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The log file of one run of one container, in the CRI format a kubelet reads ({@code <RFC3339Nano
 * time> <stdout|stderr> F <line>}), so that {@code timestamps}, {@code sinceTime} and {@code
 * tailLines} work as on a node.
 */
final class ContainerLog {

  private final Path file;
  private final Writer writer;
  private final long lineDelayMillis;
  private final List<Thread> pumps = new ArrayList<>();
  private int running;
  private boolean closing;
  private volatile boolean closed;

  private ContainerLog(Path file, long lineDelayMillis) throws IOException {
    this.file = file;
    this.lineDelayMillis = lineDelayMillis;
    Files.createDirectories(file.getParent());
    this.writer =
        Files.newBufferedWriter(
            file,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING);
  }

  /**
   * Opens (truncates) the log file of a container run; each line reaches it {@code lineDelayMillis}
   * after the one before (slow logs, a fault on request), or at once.
   */
  static ContainerLog create(Path file, long lineDelayMillis) {
    try {
      return new ContainerLog(file, lineDelayMillis);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the container log " + file, e);
    }
  }

  Path file() {
    return file;
  }

  /** Copies one stream of the process into the log, a line at a time, on a new thread. */
  synchronized Thread pump(InputStream in, String stream) {
    var thread =
        new Thread(
            () -> {
              try (var reader =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  if (lineDelayMillis > 0) {
                    Thread.sleep(lineDelayMillis);
                  }
                  append(stream, line);
                }
              } catch (IOException e) {
                append("stderr", "node agent: reading the container's " + stream + " failed: " + e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                pumpEnded();
              }
            },
            "log-" + file.getFileName());
    thread.setDaemon(true);
    pumps.add(thread);
    running++;
    thread.start();
    return thread;
  }

  private synchronized void pumpEnded() {
    running--;
    if (closing && running == 0) {
      closeWriter();
    }
  }

  private synchronized void append(String stream, String line) {
    if (closed) {
      return; // output of a leftover process after the container ended
    }
    try {
      writer.write(Instant.now() + " " + stream + " F " + line + "\n");
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the container log " + file, e);
    }
  }

  /**
   * The container ended: the log is closed once the lines still in its output pipes are written
   * (waits for them up to 2 s; with slow logs they keep coming after that, and a follower of the
   * log keeps getting them until the last one).
   */
  void close() {
    List<Thread> threads;
    synchronized (this) {
      threads = List.copyOf(pumps);
    }
    long deadline = System.nanoTime() + 2_000_000_000L;
    try {
      for (var t : threads) {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      closing = true;
      if (running == 0) {
        closeWriter();
      }
    }
  }

  private void closeWriter() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the container log " + file, e);
    }
  }

  boolean closed() {
    return closed;
  }

  /** The options of a {@code containerLogs} request. */
  record Query(
      boolean follow, boolean timestamps, Instant since, Integer tailLines, Long limitBytes) {}

  /**
   * Writes the log to {@code out} as the kubelet does, following it while the container runs if
   * asked to.
   */
  void serve(Query query, OutputStream out) throws IOException {
    var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    var selected = new ArrayList<String>();
    for (var line : lines) {
      if (accept(line, query.since())) {
        selected.add(line);
      }
    }
    int from = query.tailLines() == null ? 0 : Math.max(0, selected.size() - query.tailLines());
    long[] budget = {query.limitBytes() == null ? Long.MAX_VALUE : query.limitBytes()};
    for (var line : selected.subList(from, selected.size())) {
      if (!write(line, query, out, budget)) {
        return;
      }
    }
    out.flush();
    if (!query.follow()) {
      return;
    }
    int seen = lines.size();
    while (true) {
      boolean ended = closed;
      var now = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (var line : now.subList(Math.min(seen, now.size()), now.size())) {
        if (!write(line, query, out, budget)) {
          return;
        }
      }
      seen = now.size();
      out.flush();
      if (ended) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static boolean accept(String line, Instant since) {
    if (since == null) {
      return true;
    }
    return !Instant.parse(line.substring(0, line.indexOf(' '))).isBefore(since);
  }

  private static boolean write(String line, Query query, OutputStream out, long[] budget)
      throws IOException {
    var parts = line.split(" ", 4);
    var text =
        (query.timestamps() ? parts[0] + " " : "") + (parts.length > 3 ? parts[3] : "") + "\n";
    var bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > budget[0]) {
      out.write(bytes, 0, (int) budget[0]);
      budget[0] = 0;
      return false;
    }
    out.write(bytes);
    budget[0] -= bytes.length;
    return true;
  }

  /** Reads all lines without timestamps (for tests and messages). */
  List<String> lines() throws IOException {
    var result = new ArrayList<String>();
    for (var line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      var parts = line.split(" ", 4);
      result.add(parts.length > 3 ? parts[3] : "");
    }
    return result;
  }
}
