package dev.flowline.datastore.cas;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * The byte format of a content-addressed blob: a 13-byte header, then the body.
 *
 * <pre>
 * 0..3   magic "FLB1"
 * 4      codec: 0 = raw, 1 = deflate (zlib stream)
 * 5..12  length of the uncompressed content, big-endian
 * 13..   body: the content, raw or compressed
 * </pre>
 *
 * The blob's key is the SHA-256 of the uncompressed content.
 */
final class BlobFormat {
  static final int HEADER_SIZE = 13;
  static final byte[] MAGIC = {'F', 'L', 'B', '1'};
  static final int CHUNK = 64 * 1024;

  private BlobFormat() {}

  /** The codec of a blob's body. */
  enum Codec {
    RAW,
    DEFLATE
  }

  /** A parsed header. */
  record Header(Codec codec, long rawLength) {
    byte[] bytes() {
      return ByteBuffer.allocate(HEADER_SIZE)
          .put(MAGIC)
          .put((byte) codec.ordinal())
          .putLong(rawLength)
          .array();
    }
  }

  static Header read(InputStream in, String what) throws IOException {
    byte[] b = new byte[HEADER_SIZE];
    try {
      new DataInputStream(in).readFully(b);
    } catch (EOFException e) {
      throw new CorruptBlobException(
          what + " is corrupt: shorter than its " + HEADER_SIZE + "-byte header", e);
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    byte[] magic = new byte[4];
    buf.get(magic);
    int codec = buf.get();
    long rawLength = buf.getLong();
    if (!java.util.Arrays.equals(magic, MAGIC) || codec < 0 || codec > 1 || rawLength < 0) {
      throw new CorruptBlobException(
          what
              + " is corrupt: its header "
              + HexFormat.of().formatHex(b)
              + " is not a Flowline blob header",
          null);
    }
    return new Header(Codec.values()[codec], rawLength);
  }
}
