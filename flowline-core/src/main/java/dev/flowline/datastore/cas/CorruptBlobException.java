package dev.flowline.datastore.cas;

import java.io.IOException;

/**
 * A content-addressed blob whose bytes do not match its key: changed, truncated or not a Flowline
 * blob.
 */
public class CorruptBlobException extends IOException {
  private static final long serialVersionUID = 1L;

  /** With a complete message naming the blob, the store and what is wrong. */
  public CorruptBlobException(String message, Throwable cause) {
    super(message, cause);
  }
}
