package dev.flowline.gcs;

import dev.flowline.datastore.BlobRoot;
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

  private static final BlobRoot.Syntax SYNTAX =
      new BlobRoot.Syntax(
          KEY,
          "gs",
          "gs://bucket/prefix",
          "gs://my-bucket/metaflow",
          "gs://",
          true,
          "is not a Cloud Storage URL (it must start with gs://)",
          "bucket",
          Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]"),
          "is not a valid bucket name (3-63 characters of a-z, 0-9, '-', '_' and '.', starting and"
              + " ending with a letter or digit)");

  /**
   * Parses {@code gs://bucket[/prefix]}.
   *
   * @throws IOException naming the key, the value, the rule and an example when it is malformed
   */
  public static GcsRoot parse(String value) throws IOException {
    BlobRoot root = BlobRoot.parse(value, SYNTAX);
    return new GcsRoot(root.container(), root.prefix());
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
