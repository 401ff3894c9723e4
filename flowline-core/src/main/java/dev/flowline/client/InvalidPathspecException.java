package dev.flowline.client;

/** A pathspec with the wrong number of parts for what was asked, e.g. {@code run("HelloFlow")}. */
public class InvalidPathspecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** With a complete message. */
  public InvalidPathspecException(String message) {
    super(message);
  }

  static String[] split(String pathspec, int parts, String what, String example) {
    String[] split = pathspec == null ? new String[0] : pathspec.split("/", -1);
    boolean ok = split.length == parts;
    for (String s : split) {
      ok &= !s.isEmpty();
    }
    if (!ok) {
      throw new InvalidPathspecException(
          what
              + " pathspec '"
              + pathspec
              + "' must have "
              + parts
              + " parts, e.g. '"
              + example
              + "'");
    }
    return split;
  }
}
