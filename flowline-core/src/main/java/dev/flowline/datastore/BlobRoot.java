package dev.flowline.datastore;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A blob store root parsed from its configuration value: a bucket (or container) and a key prefix
 * that is empty or ends in {@code /}. One parser for the S3, Azure and GCS roots; each store gives
 * its {@link Syntax}. Every malformed value gives a message naming the key, the value, the rule and
 * an example.
 *
 * @param container the bucket or container name
 * @param prefix the key prefix under which all blobs live, empty or ending in {@code /}
 */
public record BlobRoot(String container, String prefix) {

  /**
   * How one store writes its root.
   *
   * @param key the configuration key, e.g. {@code METAFLOW_DATASTORE_SYSROOT_S3}
   * @param kind the datastore kind, e.g. {@code s3}
   * @param form the form of a root, e.g. {@code s3://bucket/prefix}
   * @param example a valid root, e.g. {@code s3://my-bucket/metaflow}
   * @param scheme the URL scheme, e.g. {@code s3://}
   * @param schemeRequired whether a root must start with {@code scheme}; when not, it may, and no
   *     other scheme is allowed
   * @param wrongScheme what is wrong with a value with a missing or other scheme, e.g. {@code "is
   *     not an S3 URL (it must start with s3://)"}
   * @param noun what the first part is called: {@code bucket} or {@code container}
   * @param name the pattern of a valid bucket or container name
   * @param nameRule what is wrong with another name, e.g. {@code "is not a valid S3 bucket name
   *     (...)"}
   */
  public record Syntax(
      String key,
      String kind,
      String form,
      String example,
      String scheme,
      boolean schemeRequired,
      String wrongScheme,
      String noun,
      Pattern name,
      String nameRule) {}

  /**
   * Parses {@code value} written in {@code syntax}.
   *
   * @throws IOException naming the key, the value, the rule and an example when it is malformed
   */
  public static BlobRoot parse(String value, Syntax syntax) throws IOException {
    String example = " Use e.g. " + syntax.example() + ".";
    if (value == null || value.isBlank()) {
      throw new IOException(
          syntax.key()
              + " is not set: the "
              + syntax.kind()
              + " datastore needs a root of the form "
              + syntax.form()
              + "."
              + example);
    }
    String rest = value.trim();
    if (rest.startsWith(syntax.scheme())) {
      rest = rest.substring(syntax.scheme().length());
    } else if (syntax.schemeRequired() || rest.contains("://")) {
      throw new IOException(
          syntax.key() + ": value \"" + value + "\" " + syntax.wrongScheme() + "." + example);
    }
    if (!syntax.schemeRequired()) {
      rest = stripLeadingSlashes(rest);
    }
    int slash = rest.indexOf('/');
    String container = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = stripLeadingSlashes(slash < 0 ? "" : rest.substring(slash + 1));
    if (!syntax.name().matcher(container).matches()) {
      throw new IOException(
          syntax.key()
              + ": "
              + syntax.noun()
              + " \""
              + container
              + "\" in \""
              + value
              + "\" "
              + syntax.nameRule()
              + "."
              + example);
    }
    if (prefix.contains("//")) {
      throw new IOException(
          syntax.key()
              + ": prefix \""
              + prefix
              + "\" in \""
              + value
              + "\" has an empty path segment ('//')."
              + example);
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      prefix = prefix + "/";
    }
    return new BlobRoot(container, prefix);
  }

  /** The root as written without a scheme: {@code container/prefix}, no trailing slash. */
  public String path() {
    String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return container + (p.isEmpty() ? "" : "/" + p);
  }

  private static String stripLeadingSlashes(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == '/') {
      i++;
    }
    return s.substring(i);
  }
}
