package dev.flowline.datastore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a stream through and fails with an {@link IOException} at its end when it did not yield
 * exactly the declared number of bytes, so a store never commits a truncated blob. A length of -1
 * means unknown: then nothing is checked.
 */
public final class LengthCheckedInputStream extends FilterInputStream {
  private final long expected;
  private final String what;
  private long seen;

  /**
   * @param in the data
   * @param expected the declared length, or -1 when unknown
   * @param what names the blob in messages, e.g. {@code "s3 datastore s3://b/p: put k"}
   */
  public LengthCheckedInputStream(InputStream in, long expected, String what) {
    super(in);
    this.expected = expected;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b == -1) {
      checkEnd();
    } else {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n == -1) {
      checkEnd();
    } else {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count(skipped);
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void count(long n) throws IOException {
    seen += n;
    if (expected >= 0 && seen > expected) {
      throw new IOException(
          what
              + ": the data is longer than the declared "
              + expected
              + " bytes; nothing was stored.");
    }
  }

  private void checkEnd() throws IOException {
    if (expected >= 0 && seen != expected) {
      throw new IOException(
          what
              + ": the data ended after "
              + seen
              + " of the declared "
              + expected
              + " bytes; nothing was stored.");
    }
  }
}
