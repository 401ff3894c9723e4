package dev.flowline.datastore.cas;

import dev.flowline.datastore.cas.BlobFormat.Codec;
import dev.flowline.datastore.cas.BlobFormat.Header;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Reads the content of a blob and checks it: at the end of the content (or on {@link
 * #verifyFully()}) the length and the CRC32C recorded in the header (a version-1 blob: the SHA-256
 * of its key) must match, else a {@link CorruptBlobException} is thrown. Never returns more bytes
 * than the header announces.
 */
public final class BlobReader extends InputStream {
  private final InputStream raw;
  private final InputStream body;
  private final Inflater inflater;
  private final Header header;
  private final String expectedSha;
  private final String what;
  private final MessageDigest sha;
  private final CRC32C crc;
  private long count;
  private boolean verified;

  /**
   * Reads the content of {@code blob}, checked against {@code expectedSha}; {@code what} names it
   * in messages.
   */
  public BlobReader(InputStream blob, String expectedSha, String what) throws IOException {
    this.raw = blob;
    this.what = what;
    this.expectedSha = expectedSha;
    try {
      this.header = BlobFormat.read(blob, what);
    } catch (IOException e) {
      blob.close();
      throw e;
    }
    if (header.hasChecksum()) {
      this.sha = null;
      this.crc = new CRC32C();
    } else {
      this.crc = null;
      try {
        this.sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no SHA-256", e);
      }
    }
    if (header.codec() == Codec.DEFLATE) {
      inflater = new Inflater();
      body = new InflaterInputStream(blob, inflater, BlobFormat.CHUNK);
    } else {
      inflater = null;
      body = blob;
    }
  }

  /** The content length announced by the header. */
  /** The content's length, from the header. */
  public long rawLength() {
    return header.rawLength();
  }

  @Override
  public int read() throws IOException {
    byte[] b = new byte[1];
    int n = read(b, 0, 1);
    return n < 0 ? -1 : b[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n;
    try {
      n = body.read(b, off, Math.min(len, BlobFormat.CHUNK));
    } catch (ZipException | java.io.EOFException e) {
      throw new CorruptBlobException(
          what + " is corrupt: its compressed body is damaged (" + e.getMessage() + ")", e);
    }
    if (n < 0) {
      verify();
      return -1;
    }
    if (crc != null) {
      crc.update(b, off, n);
    } else {
      sha.update(b, off, n);
    }
    count += n;
    if (count > header.rawLength()) {
      throw new CorruptBlobException(
          what
              + " is corrupt: it holds more than the "
              + header.rawLength()
              + " bytes its header announces",
          null);
    }
    return n;
  }

  /** Reads whatever the caller left unread and checks length and hash. */
  /** Reads the rest and checks the content against its key and checksum. */
  public void verifyFully() throws IOException {
    byte[] buf = new byte[BlobFormat.CHUNK];
    while (read(buf, 0, buf.length) >= 0) {
      // drain
    }
  }

  private void verify() throws IOException {
    if (verified) {
      return;
    }
    if (count != header.rawLength()) {
      throw new CorruptBlobException(
          what
              + " is corrupt: it ends after "
              + count
              + " of the "
              + header.rawLength()
              + " bytes its header announces",
          null);
    }
    if (crc != null) {
      if (crc.getValue() != header.crc32c()) {
        throw new CorruptBlobException(
            what
                + " is corrupt: its content's CRC32C is "
                + Long.toHexString(crc.getValue())
                + ", its header records "
                + Long.toHexString(header.crc32c()),
            null);
      }
      verified = true;
      return;
    }
    String actual = HexFormat.of().formatHex(sha.digest());
    if (!actual.equals(expectedSha)) {
      throw new CorruptBlobException(
          what + " is corrupt: its content hashes to " + actual + ", not to its key", null);
    }
    verified = true;
  }

  @Override
  public void close() throws IOException {
    try {
      raw.close();
    } finally {
      if (inflater != null) {
        inflater.end();
      }
    }
  }
}
