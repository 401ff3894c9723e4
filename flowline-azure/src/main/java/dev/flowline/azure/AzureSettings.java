package dev.flowline.azure;

import dev.flowline.config.Config;
import dev.flowline.config.InvalidValueException;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the Azure store needs, parsed once from the configuration.
 *
 * @param root container and prefix ({@code METAFLOW_DATASTORE_SYSROOT_AZURE})
 * @param endpoint the blob service endpoint ({@code METAFLOW_AZURE_STORAGE_BLOB_SERVICE_ENDPOINT}),
 *     e.g. {@code https://account.blob.core.windows.net}; may be empty when the connection string
 *     names it
 * @param connectionString a storage connection string ({@code AZURE_STORAGE_CONNECTION_STRING})
 *     with an account key or SAS; when empty, {@code DefaultAzureCredential} is used
 * @param maxTries attempts per request, including the first
 * @param retryDelay the first backoff delay (doubles per retry)
 * @param maxRetryDelay the longest backoff delay
 * @param blockSize block size for parallel block uploads and ranged downloads
 * @param concurrency parallel blocks per transfer
 */
public record AzureSettings(
    AzureRoot root,
    Optional<String> endpoint,
    Optional<String> connectionString,
    int maxTries,
    Duration retryDelay,
    Duration maxRetryDelay,
    long blockSize,
    int concurrency) {

  /** {@code METAFLOW_AZURE_STORAGE_BLOB_SERVICE_ENDPOINT}, Metaflow's key. */
  public static final String ENDPOINT_KEY = "METAFLOW_AZURE_STORAGE_BLOB_SERVICE_ENDPOINT";

  /** The Azure SDKs' standard connection string variable. */
  public static final String CONNECTION_STRING_KEY = "AZURE_STORAGE_CONNECTION_STRING";

  /** Default block size: 8 MiB. */
  public static final long DEFAULT_BLOCK_SIZE = 8L << 20;

  /**
   * Reads the root and endpoint from {@code config}, the connection string from {@code
   * AZURE_STORAGE_CONNECTION_STRING} (environment or config file).
   *
   * @throws IOException when a value is malformed or the endpoint is missing, naming the key and
   *     the fix
   */
  public static AzureSettings from(Config config) throws IOException {
    AzureRoot root = AzureRoot.parse(config.get(AzureRoot.KEY).orElse(null));
    Optional<String> connection = config.get(CONNECTION_STRING_KEY).filter(s -> !s.isBlank());
    Optional<String> endpoint =
        config.get(ENDPOINT_KEY).filter(s -> !s.isBlank()).map(String::trim);
    if (endpoint.isPresent()) {
      try {
        AzureOptions.BLOB_SERVICE_ENDPOINT.parse(endpoint.get());
      } catch (InvalidValueException e) {
        throw new IOException(
            ENDPOINT_KEY
                + ": value \""
                + endpoint.get()
                + "\" "
                + e.getMessage()
                + ". Use e.g. "
                + e.example()
                + ".");
      }
    }
    if (endpoint.isEmpty() && connection.isEmpty()) {
      throw new IOException(
          ENDPOINT_KEY
              + " is not set: the azure datastore needs the blob service endpoint of the storage"
              + " account, e.g. https://myaccount.blob.core.windows.net (or a connection string in "
              + CONNECTION_STRING_KEY
              + ").");
    }
    return new AzureSettings(
        root,
        endpoint,
        connection,
        6,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        DEFAULT_BLOCK_SIZE,
        8);
  }

  /** Settings for a connection string, as tests and benchmarks use them. */
  public static AzureSettings forConnectionString(String root, String connectionString)
      throws IOException {
    return new AzureSettings(
        AzureRoot.parse(root),
        Optional.empty(),
        Optional.of(connectionString),
        6,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        DEFAULT_BLOCK_SIZE,
        8);
  }

  /** A copy with another retry policy. */
  public AzureSettings withRetries(int tries, Duration delay, Duration maxDelay) {
    return new AzureSettings(
        root, endpoint, connectionString, tries, delay, maxDelay, blockSize, concurrency);
  }

  /** A copy with another block size. */
  public AzureSettings withBlockSize(long size) {
    return new AzureSettings(
        root, endpoint, connectionString, maxTries, retryDelay, maxRetryDelay, size, concurrency);
  }

  /** Where credentials come from, for messages. */
  public String credentialSource() {
    return connectionString.isPresent()
        ? "the connection string in " + CONNECTION_STRING_KEY
        : "DefaultAzureCredential (environment service principal, workload identity, managed identity,"
            + " Azure CLI / azd / PowerShell login)";
  }
}
