package dev.flowline.datastore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a cloud store uploads a stream: one that fits in {@code memoryLimit} bytes goes up from a
 * buffer in one request; a larger one (or one of unknown length that turns out larger) is first
 * copied to a temporary file and uploaded as a file, in parallel parts.
 *
 * <p>Why spool: the SDKs' stream uploads copy every part into fresh heap buffers, which live long
 * enough to be promoted and inflate a worker JVM (no -Xmx) to about 500 MB peak RSS for 1 GiB
 * (docs/benchmarks.md); a file upload reads parts from the file, stays near 150-200 MB, and can
 * retry any part whose connection dropped, which a stream cannot replay. The cost is one local
 * write of the data, the same the content store already pays for every artifact.
 *
 * @param memoryLimit the largest stream uploaded from memory
 * @param tempDir where spool files go (deleted after the upload)
 */
public record SpooledPut(long memoryLimit, Path tempDir) {

  /** Uploads a buffer in one request. */
  @FunctionalInterface
  public interface FromBytes {
    void put(byte[] bytes) throws IOException;
  }

  /** Uploads a file. */
  @FunctionalInterface
  public interface FromFile {
    void put(Path file) throws IOException;
  }

  /** A spool in the JVM's temporary directory. */
  public static SpooledPut inTempDir(long memoryLimit) {
    return new SpooledPut(memoryLimit, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * Uploads {@code data} through {@code small} or {@code large}.
   *
   * @param length the declared length, or -1 when unknown; a stream that yields another number of
   *     bytes fails with an {@link IOException} before anything is uploaded
   * @param what names the blob in messages, e.g. {@code "s3 datastore s3://b/p: put k"}
   */
  public void put(InputStream data, long length, String what, FromBytes small, FromFile large)
      throws IOException {
    // fails as soon as the data yields more, or at its end fewer, bytes than declared
    InputStream in = new LengthCheckedInputStream(data, length, what);
    int head = (int) Math.min(memoryLimit, length >= 0 ? length : memoryLimit) + 1;
    byte[] first = in.readNBytes(head);
    if (first.length < head) {
      small.put(first);
      return;
    }
    Files.createDirectories(tempDir);
    Path spool = Files.createTempFile(tempDir, "flowline-upload-", ".spool");
    try {
      try (OutputStream out = Files.newOutputStream(spool)) {
        out.write(first);
        in.transferTo(out);
      }
      large.put(spool);
    } finally {
      Files.deleteIfExists(spool);
    }
  }
}
