package dev.flowline.azure;

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

  private static final Pattern CONTAINER =
      Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");

  /**
   * Parses {@code container[/prefix]}, also written {@code az://container/prefix}.
   *
   * @throws IOException naming the key, the value, the rule and an example when it is malformed
   */
  public static AzureRoot parse(String value) throws IOException {
    String example = " Use e.g. metaflow-container/flows.";
    if (value == null || value.isBlank()) {
      throw new IOException(
          KEY
              + " is not set: the azure datastore needs a root of the form container/prefix."
              + example);
    }
    String v = value.trim();
    if (v.startsWith("az://")) {
      v = v.substring("az://".length());
    }
    if (v.contains("://")) {
      throw new IOException(
          KEY
              + ": value \""
              + value
              + "\" is a URL, but the root is container/prefix without a scheme or"
              + " account (the account comes from METAFLOW_AZURE_STORAGE_BLOB_SERVICE_ENDPOINT)."
              + example);
    }
    while (v.startsWith("/")) {
      v = v.substring(1);
    }
    int slash = v.indexOf('/');
    String container = slash < 0 ? v : v.substring(0, slash);
    String prefix = slash < 0 ? "" : v.substring(slash + 1);
    if (!CONTAINER.matcher(container).matches()) {
      throw new IOException(
          KEY
              + ": container \""
              + container
              + "\" in \""
              + value
              + "\" is not a valid container name (3-63"
              + " characters of a-z, 0-9 and '-', starting and ending with a letter or digit, no '--')."
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
    return new AzureRoot(container, prefix);
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
