package dev.flowline.kubernetes.codepackage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A run's uploaded code package: what a pod needs to fetch it ({@link #manifestUrl}) and what was
 * done to store it.
 *
 * @param manifestUrl the signed URL of the manifest (one line per file: SHA-256, size, name, signed
 *     URL, in class path order); a credential for reading the package, never print it
 * @param expiresAt when the signed URLs stop working: a Job started later fails to fetch the code
 *     (HTTP 403), so a launcher that starts Jobs after this uploads again
 * @param files the files of the package, in class path order
 * @param leftOut class path entries not shipped because only unused datastores need them
 * @param filesUploaded how many files this upload stored (0 when the store had them all)
 * @param bytesUploaded how many bytes this upload stored
 */
public record CodePackageRef(
    URI manifestUrl,
    Instant expiresAt,
    List<CodeFile> files,
    List<Path> leftOut,
    int filesUploaded,
    long bytesUploaded) {

  /** Canonical form: immutable lists. */
  public CodePackageRef {
    files = List.copyOf(files);
    leftOut = List.copyOf(leftOut);
  }

  /**
   * A hash of the package's content: SHA-256 over each file's name, SHA-256 and size, in order. Two
   * uploads of the same classes have the same content hash, though their signed URLs differ.
   */
  public String contentHash() {
    return contentHash(files);
  }

  /** {@link #contentHash()} of {@code files}. */
  static String contentHash(List<CodeFile> files) {
    try {
      var digest = java.security.MessageDigest.getInstance("SHA-256");
      for (CodeFile f : files) {
        digest.update(
            (f.name() + " " + f.sha256() + " " + f.size() + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The total size of the package's files in bytes. */
  public long totalBytes() {
    return files.stream().mapToLong(CodeFile::size).sum();
  }

  /**
   * One file of the package.
   *
   * @param name its file name in the pod (unique within the package)
   * @param sha256 the SHA-256 of its bytes, lower-case hex
   * @param size its size in bytes
   * @param key its key in the store ({@code _flowline/packages/SHA256})
   * @param source the class path entry it was made from (a jar, or a folder zipped into a jar)
   */
  public record CodeFile(String name, String sha256, long size, String key, Path source) {}
}
