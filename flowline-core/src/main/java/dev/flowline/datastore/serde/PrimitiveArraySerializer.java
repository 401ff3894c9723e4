package dev.flowline.datastore.serde;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Stores {@code int[]}, {@code long[]}, {@code double[]}, {@code float[]}, {@code short[]}, {@code
 * char[]} and {@code boolean[]} as a one-byte type tag followed by the elements, little-endian, in
 * bounded chunks.
 */
public final class PrimitiveArraySerializer implements ArtifactSerializer {
  private static final int CHUNK = 64 * 1024;

  @Override
  public String encoding() {
    return "primitive-array-v1";
  }

  @Override
  public int priority() {
    return 120;
  }

  @Override
  public boolean canSerialize(Object value) {
    return value instanceof int[]
        || value instanceof long[]
        || value instanceof double[]
        || value instanceof float[]
        || value instanceof short[]
        || value instanceof char[]
        || value instanceof boolean[];
  }

  @Override
  public void serialize(Object value, OutputStream out) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    if (value instanceof int[] a) {
      out.write('I');
      for (int off = 0; off < a.length; ) {
        int n = Math.min(CHUNK / 4, a.length - off);
        buf.clear().asIntBuffer().put(a, off, n);
        out.write(buf.array(), 0, n * 4);
        off += n;
      }
    } else if (value instanceof long[] a) {
      out.write('J');
      for (int off = 0; off < a.length; ) {
        int n = Math.min(CHUNK / 8, a.length - off);
        buf.clear().asLongBuffer().put(a, off, n);
        out.write(buf.array(), 0, n * 8);
        off += n;
      }
    } else if (value instanceof double[] a) {
      out.write('D');
      for (int off = 0; off < a.length; ) {
        int n = Math.min(CHUNK / 8, a.length - off);
        buf.clear().asDoubleBuffer().put(a, off, n);
        out.write(buf.array(), 0, n * 8);
        off += n;
      }
    } else if (value instanceof float[] a) {
      out.write('F');
      for (int off = 0; off < a.length; ) {
        int n = Math.min(CHUNK / 4, a.length - off);
        buf.clear().asFloatBuffer().put(a, off, n);
        out.write(buf.array(), 0, n * 4);
        off += n;
      }
    } else if (value instanceof short[] a) {
      out.write('S');
      for (int off = 0; off < a.length; ) {
        int n = Math.min(CHUNK / 2, a.length - off);
        buf.clear().asShortBuffer().put(a, off, n);
        out.write(buf.array(), 0, n * 2);
        off += n;
      }
    } else if (value instanceof char[] a) {
      out.write('C');
      for (int off = 0; off < a.length; ) {
        int n = Math.min(CHUNK / 2, a.length - off);
        buf.clear().asCharBuffer().put(a, off, n);
        out.write(buf.array(), 0, n * 2);
        off += n;
      }
    } else if (value instanceof boolean[] a) {
      out.write('Z');
      byte[] b = buf.array();
      for (int off = 0; off < a.length; ) {
        int n = Math.min(CHUNK, a.length - off);
        for (int i = 0; i < n; i++) {
          b[i] = (byte) (a[off + i] ? 1 : 0);
        }
        out.write(b, 0, n);
        off += n;
      }
    } else {
      throw new IllegalArgumentException("not a primitive array: " + value);
    }
  }

  @Override
  public Object deserialize(InputStream in, long size, ClassLoader loader) throws IOException {
    int tag = in.read();
    long body = size - 1;
    ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
    switch (tag) {
      case 'I' -> {
        int[] a = new int[count(body, 4)];
        for (int off = 0; off < a.length; ) {
          int n = fill(in, buf, Math.min(CHUNK / 4, a.length - off) * 4) / 4;
          buf.asIntBuffer().get(a, off, n);
          off += n;
        }
        return a;
      }
      case 'J' -> {
        long[] a = new long[count(body, 8)];
        for (int off = 0; off < a.length; ) {
          int n = fill(in, buf, Math.min(CHUNK / 8, a.length - off) * 8) / 8;
          buf.asLongBuffer().get(a, off, n);
          off += n;
        }
        return a;
      }
      case 'D' -> {
        double[] a = new double[count(body, 8)];
        for (int off = 0; off < a.length; ) {
          int n = fill(in, buf, Math.min(CHUNK / 8, a.length - off) * 8) / 8;
          buf.asDoubleBuffer().get(a, off, n);
          off += n;
        }
        return a;
      }
      case 'F' -> {
        float[] a = new float[count(body, 4)];
        for (int off = 0; off < a.length; ) {
          int n = fill(in, buf, Math.min(CHUNK / 4, a.length - off) * 4) / 4;
          buf.asFloatBuffer().get(a, off, n);
          off += n;
        }
        return a;
      }
      case 'S' -> {
        short[] a = new short[count(body, 2)];
        for (int off = 0; off < a.length; ) {
          int n = fill(in, buf, Math.min(CHUNK / 2, a.length - off) * 2) / 2;
          buf.asShortBuffer().get(a, off, n);
          off += n;
        }
        return a;
      }
      case 'C' -> {
        char[] a = new char[count(body, 2)];
        for (int off = 0; off < a.length; ) {
          int n = fill(in, buf, Math.min(CHUNK / 2, a.length - off) * 2) / 2;
          buf.asCharBuffer().get(a, off, n);
          off += n;
        }
        return a;
      }
      case 'Z' -> {
        boolean[] a = new boolean[count(body, 1)];
        for (int off = 0; off < a.length; ) {
          int n = fill(in, buf, Math.min(CHUNK, a.length - off));
          for (int i = 0; i < n; i++) {
            a[off + i] = buf.get(i) != 0;
          }
          off += n;
        }
        return a;
      }
      default ->
          throw new IOException(
              "primitive array artifact has unknown type tag "
                  + tag
                  + "; the blob was not written by "
                  + encoding());
    }
  }

  private static int count(long bytes, int width) throws IOException {
    if (bytes < 0 || bytes % width != 0 || bytes / width > Integer.MAX_VALUE - 8) {
      throw new IOException(
          "primitive array artifact has a body of "
              + bytes
              + " bytes, not a whole array of "
              + width
              + "-byte elements");
    }
    return (int) (bytes / width);
  }

  private static int fill(InputStream in, ByteBuffer buf, int len) throws IOException {
    int n = in.readNBytes(buf.array(), 0, len);
    if (n != len) {
      throw new EOFException("primitive array artifact ended early");
    }
    buf.clear();
    return len;
  }
}
