package dev.flowline.datastore;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Files stored as they are, keyed by the SHA-256 of their bytes: code packages that a pod downloads
 * (through a signed URL) and checks itself. Unlike artifact blobs they carry no header, so any HTTP
 * client can fetch them; a package already present is not uploaded again.
 *
 * <p>Key: {@code FLOW/packages/SHA256}.
 */
public final class PackageStore {
  private final BlobStore store;
  private final String flow;

  /** The packages of flow {@code flow} in {@code store}. */
  public PackageStore(BlobStore store, String flow) {
    this.store = store;
    this.flow = flow;
  }

  /**
   * A stored package.
   *
   * @param sha the SHA-256 of its bytes, lower-case hex
   * @param size its size in bytes
   * @param key its key in the store
   */
  public record PackageRef(String sha, long size, String key) {}

  /** Stores {@code file} unless a package with the same bytes is already there. */
  public PackageRef save(Path file) throws IOException {
    String sha = sha256(file);
    String key = StoreLayout.codePackage(flow, sha);
    if (!store.exists(key)) {
      store.put(key, file);
    }
    return new PackageRef(sha, Files.size(file), key);
  }

  /**
   * A URL that fetches the package for {@code ttl}; empty for stores without signed URLs (local).
   */
  public Optional<URI> signedUrl(PackageRef ref, Duration ttl) throws IOException {
    return store.signedReadUrl(ref.key(), ttl);
  }

  /**
   * Downloads the package to {@code target} and checks its hash.
   *
   * @throws IOException naming the key and both hashes when the bytes differ
   */
  public void fetch(PackageRef ref, Path target) throws IOException {
    store.get(ref.key(), target);
    String actual = sha256(target);
    if (!actual.equals(ref.sha())) {
      Files.deleteIfExists(target);
      throw new IOException(
          "code package "
              + ref.key()
              + " in "
              + store.root()
              + " is corrupt: its bytes hash to "
              + actual
              + ", not "
              + ref.sha()
              + ". Run again to upload it anew (delete the key first).");
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      byte[] buf = new byte[64 * 1024];
      while (in.read(buf) >= 0) {
        // hashing
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
