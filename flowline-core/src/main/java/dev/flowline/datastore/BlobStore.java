package dev.flowline.datastore;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A flat key/value store of immutable blobs under one root: the SPI every datastore (local folder,
 * S3, Azure Blob, Google Cloud Storage) implements. Keys are relative, '/'-separated paths ({@code
 * HelloFlow/data/ab/abcdef...}); the store maps them under its root.
 *
 * <p>Contract, checked by the blob-store contract tests for every implementation:
 *
 * <ul>
 *   <li>{@link #put} is atomic: a reader sees either nothing or the whole blob, never a part, also
 *       when the writer dies midway. Writing an existing key replaces it atomically.
 *   <li>{@link #put} and {@link #get} stream: memory use does not grow with the blob's size.
 *   <li>Implementations are thread-safe: the datastore layers save several artifacts at once.
 *   <li>Transient faults (throttling, 5xx, dropped connections) are retried with backoff inside the
 *       store; what is left is thrown as an {@link IOException} whose message names the store, root
 *       and key.
 * </ul>
 */
public interface BlobStore extends AutoCloseable {

  /**
   * The store's kind as used by {@code --datastore}: {@code local}, {@code s3}, {@code azure},
   * {@code gs}.
   */
  String kind();

  /**
   * The root, for messages and {@code configure show}: a folder, {@code s3://bucket/prefix}, ...
   */
  String root();

  /**
   * Stores the bytes of {@code data} under {@code key}, atomically.
   *
   * @param length the number of bytes, or -1 when unknown (the store then streams in parts)
   */
  void put(String key, InputStream data, long length) throws IOException;

  /**
   * Stores the file at {@code file} under {@code key}, atomically. Cloud stores override this to
   * upload large files in parallel parts; the default streams the file through {@link #put(String,
   * InputStream, long)}.
   */
  default void put(String key, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      put(key, in, Files.size(file));
    }
  }

  /**
   * Writes the blob at {@code key} to the file {@code target}, replacing it. Cloud stores override
   * this to download large blobs in parallel ranges; the default copies {@link #get(String)}.
   *
   * @throws BlobNotFoundException when there is no such blob
   */
  default void get(String key, Path target) throws IOException {
    try (InputStream in = get(key)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Opens the blob at {@code key} for reading.
   *
   * @throws BlobNotFoundException when there is no such blob
   */
  InputStream get(String key) throws IOException;

  /** Whether a blob exists at {@code key}. */
  boolean exists(String key) throws IOException;

  /** The keys of all blobs whose key starts with {@code prefix}, sorted. */
  List<String> list(String prefix) throws IOException;

  /** Deletes the blob at {@code key}, if any. */
  void delete(String key) throws IOException;

  /**
   * A URL that anyone holding it can GET the blob with, valid for {@code ttl}; empty for stores
   * that have none (the local store).
   */
  default Optional<URI> signedReadUrl(String key, Duration ttl) throws IOException {
    return Optional.empty();
  }

  /**
   * Checks that the root is reachable and writable with the configured credentials, so that a run
   * fails before any task when it is not.
   *
   * @throws IOException whose message names the store, the root, the credential source tried and
   *     the fix
   */
  void probe() throws IOException;

  /** Releases clients and threads. */
  @Override
  void close() throws IOException;
}
