package dev.flowline.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads one object of known size into a file as parallel ranged reads: the object is cut into
 * parts, a few threads each take the next part, stream it and write it at its offset. The first
 * failure stops the others and is thrown.
 *
 * <p>Why not the transfer manager's {@code downloadFile}: on loopback it moved 1 GiB at about 100
 * MB/s for 7 CPU-seconds of the client, while a plain streaming GET through the sync client moved
 * it at about 800 MB/s (docs/benchmarks.md, "Blob transfer per datastore"). The sync client copies
 * each byte once from the socket into a small reused buffer and once into the file.
 *
 * @param size the object's size in bytes
 * @param partSize the bytes of each ranged read
 * @param threads the most ranged reads in flight
 * @param opener opens a range (already resuming dropped connections)
 * @param description what is downloaded, for messages
 */
record RangedDownload(
    long size, long partSize, int threads, RangeOpener opener, String description) {

  /** Opens the bytes {@code from..toInclusive} of the object. */
  @FunctionalInterface
  interface RangeOpener {
    InputStream open(long from, long toInclusive) throws IOException;
  }

  private static final int BUFFER = 256 << 10;

  /** Writes the whole object into {@code out} (at offsets 0..size-1). */
  void into(FileChannel out) throws IOException {
    long parts = Math.max(1, (size + partSize - 1) / partSize);
    int workers = (int) Math.min(threads, parts);
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    AtomicLong written = new AtomicLong();
    if (workers <= 1) {
      copyParts(out, parts, next, failed, written);
    } else {
      runParallel(out, parts, workers, next, failed, written);
    }
    if (written.get() != size) {
      throw new IOException(
          description
              + ": got "
              + written.get()
              + " of "
              + size
              + " bytes; the object changed or the server ended a range early. Retry the read.");
    }
  }

  private void runParallel(
      FileChannel out,
      long parts,
      int workers,
      AtomicInteger next,
      AtomicBoolean failed,
      AtomicLong written)
      throws IOException {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "flowline-s3-download-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        futures.add(
            pool.submit(
                () -> {
                  copyParts(out, parts, next, failed, written);
                  return null;
                }));
      }
      IOException first = null;
      for (Future<Void> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          IOException cause =
              e.getCause() instanceof IOException io
                  ? io
                  : new IOException(description + ": " + e.getCause(), e.getCause());
          if (first == null) {
            first = cause;
          } else if (first != cause) {
            first.addSuppressed(cause);
          }
        } catch (InterruptedException e) {
          failed.set(true);
          Thread.currentThread().interrupt();
          throw new InterruptedIOException(description + ": interrupted");
        }
      }
      if (first != null) {
        throw first;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void copyParts(
      FileChannel out, long parts, AtomicInteger next, AtomicBoolean failed, AtomicLong written)
      throws IOException {
    byte[] buffer = new byte[BUFFER];
    try {
      for (long part = next.getAndIncrement(); part < parts; part = next.getAndIncrement()) {
        if (failed.get()) {
          return;
        }
        long from = part * partSize;
        long to = Math.min(size, from + partSize) - 1;
        written.addAndGet(copyRange(out, from, to, buffer));
      }
    } catch (IOException | RuntimeException e) {
      failed.set(true);
      throw e;
    }
  }

  private long copyRange(FileChannel out, long from, long to, byte[] buffer) throws IOException {
    if (to < from) {
      return 0;
    }
    long position = from;
    try (InputStream in = opener.open(from, to)) {
      int n;
      while (position <= to
          && (n = in.read(buffer, 0, (int) Math.min(buffer.length, to + 1 - position))) > 0) {
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) {
          position += out.write(chunk, position);
        }
      }
    }
    return position - from;
  }
}
