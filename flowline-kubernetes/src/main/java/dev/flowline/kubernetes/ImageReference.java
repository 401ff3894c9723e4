package dev.flowline.kubernetes;

/**
 * Container image references. An image has a registry part when its first path component contains a
 * '.' or ':' or is {@code localhost} (Docker's rule; it avoids Metaflow's false positive on {@code
 * org/sub.dir/img}).
 */
public final class ImageReference {
  private ImageReference() {}

  static boolean hasRegistry(String image) {
    int slash = image.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String first = image.substring(0, slash);
    return first.contains(".") || first.contains(":") || first.equals("localhost");
  }

  /**
   * {@code image}, prefixed with {@code registry} (trailing '/' removed) when it has no registry
   * part.
   */
  static String withRegistry(String image, String registry) {
    if (registry == null || registry.isBlank() || hasRegistry(image)) {
      return image;
    }
    String r = registry.endsWith("/") ? registry.substring(0, registry.length() - 1) : registry;
    return r + "/" + image;
  }

  /**
   * The registry an image is pulled from: its registry part, else {@code docker.io} (where
   * container runtimes take images without one).
   */
  public static String registry(String image) {
    return hasRegistry(image) ? image.substring(0, image.indexOf('/')) : "docker.io";
  }
}
