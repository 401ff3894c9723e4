package dev.flowline.gcs;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A parsed {@code gs://bucket/prefix} root. The prefix is empty or ends in {@code /}.
 *
 * @param bucket the bucket name
 * @param prefix the object name prefix, empty or ending in {@code /}
 */
public record GcsRoot(String bucket, String prefix) {
  /** The configuration key the root comes from. */
  public static final String KEY = "METAFLOW_DATASTORE_SYSROOT_GS";

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");

  /**
   * Parses {@code gs://bucket[/prefix]}.
   *
   * @throws IOException naming the key, the value, the rule and an example when it is malformed
   */
  public static GcsRoot parse(String value) throws IOException {
    String example = " Use e.g. gs://my-bucket/metaflow.";
    if (value == null || value.isBlank()) {
      throw new IOException(
          KEY
              + " is not set: the gs datastore needs a root of the form gs://bucket/prefix."
              + example);
    }
    String v = value.trim();
    if (!v.startsWith("gs://")) {
      throw new IOException(
          KEY
              + ": value \""
              + value
              + "\" is not a Cloud Storage URL (it must start with gs://)."
              + example);
    }
    String rest = v.substring("gs://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (!BUCKET.matcher(bucket).matches()) {
      throw new IOException(
          KEY
              + ": bucket \""
              + bucket
              + "\" in \""
              + value
              + "\" is not a valid bucket name (3-63 characters of"
              + " a-z, 0-9, '-', '_' and '.', starting and ending with a letter or digit)."
              + example);
    }
    if (prefix.contains("//")) {
      throw new IOException(
          KEY
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
    return new GcsRoot(bucket, prefix);
  }

  /** The object name of a store key. */
  public String objectName(String key) {
    return prefix + key;
  }

  /** The root as an URL, {@code gs://bucket/prefix} without a trailing slash. */
  public String url() {
    String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return "gs://" + bucket + (p.isEmpty() ? "" : "/" + p);
  }

  @Override
  public String toString() {
    return url();
  }
}
