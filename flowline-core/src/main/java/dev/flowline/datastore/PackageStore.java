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
import java.util.function.UnaryOperator;

/**
 * Files stored as they are, keyed by the SHA-256 of their bytes: code packages that a pod downloads
 * (through a signed URL) and checks itself. Unlike artifact blobs they carry no header, so any HTTP
 * client can fetch them; a package already present is not uploaded again.
 *
 * <p>Keys: {@code FLOW/packages/SHA256} for a flow's own packages, {@code
 * _flowline/packages/SHA256} for {@linkplain #shared shared} ones (the same jar is stored once for
 * every flow and run).
 */
public final class PackageStore {
  private final BlobStore store;
  private final UnaryOperator<String> keyOfSha;

  /** The packages of flow {@code flow} in {@code store}. */
  public PackageStore(BlobStore store, String flow) {
    this(store, sha -> StoreLayout.codePackage(flow, sha));
  }

  private PackageStore(BlobStore store, UnaryOperator<String> keyOfSha) {
    this.store = store;
    this.keyOfSha = keyOfSha;
  }

  /**
   * The packages every flow shares in {@code store} ({@link StoreLayout#sharedCodePackage}):
   * Flowline's jars, their libraries and the application's jars, which pods fetch.
   */
  public static PackageStore shared(BlobStore store) {
    return new PackageStore(store, StoreLayout::sharedCodePackage);
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
    PackageRef ref = ref(sha256(file), Files.size(file));
    if (!contains(ref)) {
      upload(ref, file);
    }
    return ref;
  }

  /** The reference of the package whose bytes hash to {@code sha} (lower-case hex). */
  public PackageRef ref(String sha, long size) {
    return new PackageRef(sha, size, keyOfSha.apply(sha));
  }

  /** Whether the package is stored (one {@link BlobStore#exists}). */
  public boolean contains(PackageRef ref) throws IOException {
    return store.exists(ref.key());
  }

  /**
   * Stores {@code file} as the package {@code ref}, whose hash the caller computed with {@link
   * #sha256} (for a file it hashed before, e.g. a jar whose size and time have not changed).
   */
  public void upload(PackageRef ref, Path file) throws IOException {
    store.put(ref.key(), file);
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

  /** The SHA-256 of the bytes of {@code file}, lower-case hex: a package's name. */
  public static String sha256(Path file) throws IOException {
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
