package dev.flowline.s3;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A parsed {@code s3://bucket/prefix} root. The prefix is empty or ends in {@code /}.
 *
 * @param bucket the bucket name
 * @param prefix the key prefix under which all blobs live, empty or ending in {@code /}
 */
public record S3Root(String bucket, String prefix) {
  /** The configuration key the root comes from. */
  public static final String KEY = "METAFLOW_DATASTORE_SYSROOT_S3";

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /**
   * Parses {@code s3://bucket[/prefix]}.
   *
   * @throws IOException naming the key, the value, the rule and an example when it is malformed
   */
  public static S3Root parse(String value) throws IOException {
    String example = " Use e.g. s3://my-bucket/metaflow.";
    if (value == null || value.isBlank()) {
      throw new IOException(
          KEY
              + " is not set: the s3 datastore needs a root of the form s3://bucket/prefix."
              + example);
    }
    String v = value.trim();
    if (!v.startsWith("s3://")) {
      throw new IOException(
          KEY + ": value \"" + value + "\" is not an S3 URL (it must start with s3://)." + example);
    }
    String rest = v.substring("s3://".length());
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
              + "\" is not a valid S3 bucket name (3-63 characters of a-z, 0-9, '.' and '-', starting and"
              + " ending with a letter or digit)."
              + example);
    }
    while (prefix.startsWith("/")) {
      prefix = prefix.substring(1);
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
    return new S3Root(bucket, prefix);
  }

  /** The full object key of a store key. */
  public String objectKey(String key) {
    return prefix + key;
  }

  /** The root as an URL, {@code s3://bucket/prefix} without a trailing slash. */
  public String url() {
    String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return "s3://" + bucket + (p.isEmpty() ? "" : "/" + p);
  }

  @Override
  public String toString() {
    return url();
  }
}
