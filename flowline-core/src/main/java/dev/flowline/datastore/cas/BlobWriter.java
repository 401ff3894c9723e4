package dev.flowline.datastore.cas;

import dev.flowline.datastore.cas.BlobFormat.Codec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes content into a blob file in one pass - a header placeholder, then the body; {@link
 * #finish()} fills in the header. Hashes and counts the content, and compresses it unless the first
 * {@value #SAMPLE} bytes show that compression does not pay (e.g. random or already compressed
 * data). Every write reaches the file in chunks of at most 64 KiB, so memory stays bounded.
 */
public final class BlobWriter extends OutputStream {
  static final int SAMPLE = 64 * 1024;

  /**
   * Compress only when the sample shrinks below this fraction. Deflate runs at about 20-40 MB/s on
   * data that shrinks only a little (measured: 200 MiB of random letters, level 1, 9.7 s for 35 %
   * saved, against 1.4 s stored raw), so it is used only where it at least halves the size.
   */
  static final double WORTH_IT = 0.5;

  private final MessageDigest sha;
  private final CRC32C crc = new CRC32C();
  private final FileChannel channel;
  private final OutputStream file;
  private final int level;
  private byte[] sample = new byte[SAMPLE];
  private int sampled;
  private OutputStream sink;
  private Codec codec;
  private Deflater deflater;
  private long count;
  private Result result;

  /**
   * Result of a finished write.
   *
   * @param sha the SHA-256 of the content, hex
   * @param rawLength the content's length before compression
   * @param codec how the body is stored
   */
  public record Result(String sha, long rawLength, BlobFormat.Codec codec) {}

  /** A writer of the blob file {@code body}, deflating at {@code level} when that pays. */
  public BlobWriter(Path body, int level) throws IOException {
    try {
      this.sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    this.channel =
        FileChannel.open(body, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    this.file = new ChunkedOutputStream(Channels.newOutputStream(channel));
    file.write(new byte[BlobFormat.HEADER_SIZE]); // filled in by finish()
    this.level = level;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (result != null) {
      throw new IOException("blob writer already finished");
    }
    sha.update(b, off, len);
    crc.update(b, off, len);
    count += len;
    if (sink == null) {
      int n = Math.min(len, SAMPLE - sampled);
      System.arraycopy(b, off, sample, sampled, n);
      sampled += n;
      off += n;
      len -= n;
      if (sampled == SAMPLE) {
        decide();
      }
    }
    if (len > 0) {
      sink.write(b, off, len);
    }
  }

  private void decide() throws IOException {
    codec = compresses(sample, sampled, level) ? Codec.DEFLATE : Codec.RAW;
    if (codec == Codec.DEFLATE) {
      deflater = new Deflater(level);
      sink = new DeflaterOutputStream(file, deflater, BlobFormat.CHUNK);
    } else {
      sink = file;
    }
    sink.write(sample, 0, sampled);
    sample = null;
  }

  static boolean compresses(byte[] data, int len, int level) {
    if (len == 0 || level == Deflater.NO_COMPRESSION) {
      return false;
    }
    Deflater d = new Deflater(level);
    try {
      d.setInput(data, 0, len);
      d.finish();
      byte[] out = new byte[BlobFormat.CHUNK];
      long total = 0;
      while (!d.finished()) {
        total += d.deflate(out);
      }
      return total < len * WORTH_IT;
    } finally {
      d.end();
    }
  }

  /** Completes the blob file (header and body) and returns the content's hash, length and codec. */
  /** Completes the blob (fills in its header): what was written. */
  public Result finish() throws IOException {
    if (result == null) {
      if (sink == null) {
        decide();
      }
      if (sink instanceof DeflaterOutputStream dos) {
        dos.finish();
      }
      file.flush();
      ByteBuffer header =
          ByteBuffer.wrap(new BlobFormat.Header(codec, count, crc.getValue()).bytes());
      while (header.hasRemaining()) {
        channel.write(header, header.position());
      }
      file.close();
      result = new Result(HexFormat.of().formatHex(sha.digest()), count, codec);
    }
    return result;
  }

  @Override
  public void close() throws IOException {
    try {
      file.close();
    } finally {
      if (deflater != null) {
        deflater.end();
      }
    }
  }

  /** Splits large writes so that no layer below allocates a buffer the size of the write. */
  static final class ChunkedOutputStream extends OutputStream {
    private final OutputStream out;

    ChunkedOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = Math.min(len, BlobFormat.CHUNK);
        out.write(b, off, n);
        off += n;
        len -= n;
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
