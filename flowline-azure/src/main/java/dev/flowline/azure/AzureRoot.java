package dev.flowline.azure;

import dev.flowline.datastore.BlobRoot;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A parsed {@code container/prefix} root, Metaflow's format for {@code
 * METAFLOW_DATASTORE_SYSROOT_AZURE}. The prefix is empty or ends in {@code /}.
 *
 * @param container the blob container
 * @param prefix the blob name prefix, empty or ending in {@code /}
 */
public record AzureRoot(String container, String prefix) {
  /** The configuration key the root comes from. */
  public static final String KEY = "METAFLOW_DATASTORE_SYSROOT_AZURE";

  private static final BlobRoot.Syntax SYNTAX =
      new BlobRoot.Syntax(
          KEY,
          "azure",
          "container/prefix",
          "metaflow-container/flows",
          "az://",
          false,
          "is a URL, but the root is container/prefix without a scheme or account (the account"
              + " comes from METAFLOW_AZURE_STORAGE_BLOB_SERVICE_ENDPOINT)",
          "container",
          Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]"),
          "is not a valid container name (3-63 characters of a-z, 0-9 and '-', starting and ending"
              + " with a letter or digit, no '--')");

  /**
   * Parses {@code container[/prefix]}, also written {@code az://container/prefix}.
   *
   * @throws IOException naming the key, the value, the rule and an example when it is malformed
   */
  public static AzureRoot parse(String value) throws IOException {
    BlobRoot root = BlobRoot.parse(value, SYNTAX);
    return new AzureRoot(root.container(), root.prefix());
  }

  /** The blob name of a store key. */
  public String blobName(String key) {
    return prefix + key;
  }

  /** The root as configured, {@code container/prefix} without a trailing slash. */
  public String text() {
    String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    return container + (p.isEmpty() ? "" : "/" + p);
  }

  @Override
  public String toString() {
    return text();
  }
}
