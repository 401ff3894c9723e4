package dev.flowline.datastore;

import java.io.IOException;
import java.io.InvalidClassException;

/**
 * A stored artifact cannot be read because its class changed incompatibly since the artifact was
 * saved (Java serialization's {@link InvalidClassException}, e.g. a different {@code
 * serialVersionUID}). The message names the artifact, the class and the fixes.
 */
public final class IncompatibleArtifactClassException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The artifact {@code artifact}, stored as a {@code storedType}, could not be read. */
  public IncompatibleArtifactClassException(
      String artifact, String storedType, InvalidClassException cause) {
    super(message(artifact, storedType, cause), cause);
  }

  private static String message(String artifact, String storedType, InvalidClassException cause) {
    String className = cause.classname != null ? cause.classname : storedType;
    return "artifact '"
        + artifact
        + "' (a "
        + storedType
        + ") cannot be read: class "
        + className
        + " changed incompatibly since the artifact was saved ("
        + cause.getMessage().replaceFirst("^[^;]*; ", "")
        + "). Fix: give "
        + className
        + " a fixed 'private static final long serialVersionUID' equal to the stored one (shown"
        + " above as 'stream classdesc'), so compatible changes (added fields) still read; for a"
        + " value type, a record reads by component names; or re-run the step that produced '"
        + artifact
        + "' (resume from that step) so it is saved with the new class. See docs/artifacts.md.";
  }
}
