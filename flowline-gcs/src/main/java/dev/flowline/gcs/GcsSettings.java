package dev.flowline.gcs;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.StorageRetryStrategy;
import dev.flowline.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the GCS store needs, parsed once from the configuration, and the SDK options built
 * from it.
 *
 * @param root bucket and prefix ({@code METAFLOW_DATASTORE_SYSROOT_GS})
 * @param options the google-cloud-storage options: credentials, project, retry settings
 * @param credentialSource where the credentials came from, for messages
 * @param chunkSize the resumable upload chunk and read buffer size
 * @param emulator the Cloud Storage emulator requests go to ({@value #EMULATOR_KEY}), if any
 */
public record GcsSettings(
    GcsRoot root,
    StorageOptions options,
    String credentialSource,
    int chunkSize,
    Optional<URI> emulator) {

  /** The standard variable naming a service account key file. */
  public static final String CREDENTIALS_KEY = "GOOGLE_APPLICATION_CREDENTIALS";

  /**
   * The variable Google's client libraries (Go, Python, Node) read for a Cloud Storage emulator's
   * address, e.g. {@code 127.0.0.1:4443} or {@code http://fake-gcs:4443}; the Java library does
   * not, so this store does: requests go there without credentials.
   */
  public static final String EMULATOR_KEY = "STORAGE_EMULATOR_HOST";

  /** Settings without an emulator. */
  public GcsSettings(GcsRoot root, StorageOptions options, String credentialSource, int chunkSize) {
    this(root, options, credentialSource, chunkSize, Optional.empty());
  }

  /** Default chunk size: 16 MiB. */
  public static final int DEFAULT_CHUNK_SIZE = 16 << 20;

  /**
   * Reads the root from {@code config}; credentials from the key file named by {@code
   * GOOGLE_APPLICATION_CREDENTIALS} in the configuration's environment, else Google application
   * default credentials (gcloud login, workload identity, metadata server); the project from {@code
   * GOOGLE_CLOUD_PROJECT} when set.
   *
   * @throws IOException when the root is malformed or no credentials can be loaded, naming the fix
   */
  public static GcsSettings from(Config config) throws IOException {
    GcsRoot root = GcsRoot.parse(config.get(GcsRoot.KEY).orElse(null));
    Optional<String> emulatorHost =
        Optional.ofNullable(config.env().get(EMULATOR_KEY)).filter(s -> !s.isBlank());
    if (emulatorHost.isPresent()) {
      return emulated(root, emulatorHost.get().trim(), config);
    }
    Optional<String> keyFile =
        Optional.ofNullable(config.env().get(CREDENTIALS_KEY)).filter(s -> !s.isBlank());
    GoogleCredentials credentials;
    String source;
    if (keyFile.isPresent()) {
      source = "the key file " + keyFile.get() + " (" + CREDENTIALS_KEY + ")";
      try (InputStream in = Files.newInputStream(Path.of(keyFile.get()))) {
        credentials = GoogleCredentials.fromStream(in);
      } catch (IOException | RuntimeException e) {
        throw new IOException(
            "gs datastore "
                + root.url()
                + ": cannot load credentials from "
                + source
                + ": "
                + e.getMessage()
                + ". Point "
                + CREDENTIALS_KEY
                + " at a readable service account JSON key, or unset it to use"
                + " application default credentials.",
            e);
      }
    } else {
      source =
          "Google application default credentials (gcloud auth application-default login, workload"
              + " identity, metadata server)";
      try {
        credentials = GoogleCredentials.getApplicationDefault();
      } catch (IOException e) {
        throw new IOException(
            "gs datastore "
                + root.url()
                + ": no Google credentials found; tried "
                + source
                + ": "
                + e.getMessage()
                + " Run `gcloud auth application-default login`, set "
                + CREDENTIALS_KEY
                + " to a service account key, or run where workload identity is set up.",
            e);
      }
    }
    StorageOptions.Builder options = StorageOptions.http().setCredentials(credentials);
    Optional.ofNullable(config.env().get("GOOGLE_CLOUD_PROJECT")).ifPresent(options::setProjectId);
    return new GcsSettings(root, withRetries(options).build(), source, DEFAULT_CHUNK_SIZE);
  }

  private static GcsSettings emulated(GcsRoot root, String host, Config config) throws IOException {
    URI url;
    try {
      url = new URI(host.contains("://") ? host : "http://" + host);
      if (url.getHost() == null) {
        throw new URISyntaxException(host, "no host");
      }
    } catch (URISyntaxException e) {
      throw new IOException(
          "gs datastore "
              + root.url()
              + ": "
              + EMULATOR_KEY
              + " \""
              + host
              + "\" is not a host and port (e.g. 127.0.0.1:4443 or http://fake-gcs:4443). Fix it,"
              + " or unset it to use Cloud Storage.",
          e);
    }
    StorageOptions.Builder options =
        StorageOptions.http()
            .setHost(url.toString())
            .setCredentials(NoCredentials.getInstance())
            .setProjectId(
                Optional.ofNullable(config.env().get("GOOGLE_CLOUD_PROJECT"))
                    .filter(p -> !p.isBlank())
                    .orElse("flowline-emulator"));
    return new GcsSettings(
        root,
        withRetries(options).build(),
        "the Cloud Storage emulator at " + url + " (" + EMULATOR_KEY + "), without credentials",
        DEFAULT_CHUNK_SIZE,
        Optional.of(url));
  }

  /**
   * Adds the retry policy: the SDK's exponential backoff on 408, 429, 5xx and I/O errors, for every
   * call (the uniform strategy: whole-object writes of the same content under the same name are
   * safe to repeat).
   */
  public static StorageOptions.Builder withRetries(StorageOptions.Builder options) {
    return options
        .setStorageRetryStrategy(StorageRetryStrategy.getUniformStorageRetryStrategy())
        .setRetrySettings(
            RetrySettings.newBuilder()
                .setMaxAttempts(7)
                .setInitialRetryDelayDuration(Duration.ofSeconds(1))
                .setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(Duration.ofSeconds(32))
                .setTotalTimeoutDuration(Duration.ofMinutes(10))
                .build());
  }
}
