package dev.flowline.datastore.serde;

import java.io.IOException;

/**
 * An artifact value that cannot be stored; the message names the artifact, its type and the fix.
 */
public class ArtifactSerializationException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String artifact;
  private final String type;

  /** For artifact {@code artifact} of type {@code type}, with a complete message. */
  public ArtifactSerializationException(
      String artifact, String type, String message, Throwable cause) {
    super(message, cause);
    this.artifact = artifact;
    this.type = type;
  }

  /** The artifact (field) name. */
  public String artifact() {
    return artifact;
  }

  /** The value's class name. */
  public String type() {
    return type;
  }
}
