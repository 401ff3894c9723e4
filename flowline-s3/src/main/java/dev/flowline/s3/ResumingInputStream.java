package dev.flowline.s3;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a remote object and, when the connection drops midway, reopens it at the byte where it
 * stopped (a ranged GET pinned to the object's ETag) a bounded number of times. The SDK retries
 * whole requests; this covers the body of a response that is already streaming, which it cannot
 * retry.
 */
final class ResumingInputStream extends InputStream {

  /** Opens the object from a byte offset. */
  @FunctionalInterface
  interface Opener {
    InputStream open(long offset) throws IOException;
  }

  private final Opener opener;
  private final int maxResumes;
  private final String description;
  private InputStream current;
  private long position;
  private int resumes;
  private boolean closed;

  ResumingInputStream(InputStream first, Opener opener, int maxResumes, String description) {
    this.current = first;
    this.opener = opener;
    this.maxResumes = maxResumes;
    this.description = description;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException(description + ": stream is closed");
    }
    while (true) {
      try {
        int n = current.read(b, off, len);
        if (n > 0) {
          position += n;
        }
        return n;
      } catch (IOException e) {
        if (resumes >= maxResumes) {
          throw new IOException(
              description
                  + ": the connection dropped at byte "
                  + position
                  + " and "
                  + resumes
                  + " resumes did not help: "
                  + e.getMessage(),
              e);
        }
        resumes++;
        closeQuietly(current, e);
        sleepBeforeResume(e);
        current = opener.open(position);
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      current.close();
    }
  }

  private void sleepBeforeResume(IOException cause) throws IOException {
    try {
      Thread.sleep(Math.min(5_000L, 200L << Math.min(resumes, 5)));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IOException(description + ": interrupted while resuming a dropped download", cause);
    }
  }

  private static void closeQuietly(InputStream in, IOException primary) {
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      primary.addSuppressed(e);
    }
  }
}
