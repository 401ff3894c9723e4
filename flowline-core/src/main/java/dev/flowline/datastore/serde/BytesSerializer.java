package dev.flowline.datastore.serde;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Stores a {@code byte[]} as its bytes; reads it back into an array of the exact size. */
public final class BytesSerializer implements ArtifactSerializer {
  static final int CHUNK = 64 * 1024;

  @Override
  public String encoding() {
    return "bytes-v1";
  }

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public boolean canSerialize(Object value) {
    return value instanceof byte[];
  }

  @Override
  public void serialize(Object value, OutputStream out) throws IOException {
    byte[] b = (byte[]) value;
    for (int off = 0; off < b.length; off += CHUNK) {
      out.write(b, off, Math.min(CHUNK, b.length - off));
    }
  }

  @Override
  public Object deserialize(InputStream in, long size, ClassLoader loader) throws IOException {
    return readExactly(in, size);
  }

  /** Reads exactly {@code size} bytes into a new array, in bounded chunks. */
  static byte[] readExactly(InputStream in, long size) throws IOException {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IOException(
          "a byte array artifact of " + size + " bytes is larger than a Java array can be");
    }
    byte[] b = new byte[(int) size];
    int off = 0;
    while (off < b.length) {
      int n = in.read(b, off, Math.min(CHUNK, b.length - off));
      if (n < 0) {
        throw new EOFException("artifact ended after " + off + " of " + size + " bytes");
      }
      off += n;
    }
    return b;
  }
}
