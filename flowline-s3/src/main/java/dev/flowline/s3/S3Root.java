package dev.flowline.s3;

import dev.flowline.datastore.BlobRoot;
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

  private static final BlobRoot.Syntax SYNTAX =
      new BlobRoot.Syntax(
          KEY,
          "s3",
          "s3://bucket/prefix",
          "s3://my-bucket/metaflow",
          "s3://",
          true,
          "is not an S3 URL (it must start with s3://)",
          "bucket",
          Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]"),
          "is not a valid S3 bucket name (3-63 characters of a-z, 0-9, '.' and '-', starting and"
              + " ending with a letter or digit)");

  /**
   * Parses {@code s3://bucket[/prefix]}.
   *
   * @throws IOException naming the key, the value, the rule and an example when it is malformed
   */
  public static S3Root parse(String value) throws IOException {
    BlobRoot root = BlobRoot.parse(value, SYNTAX);
    return new S3Root(root.container(), root.prefix());
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
