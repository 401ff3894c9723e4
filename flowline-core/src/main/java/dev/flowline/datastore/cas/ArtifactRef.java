package dev.flowline.datastore.cas;

/**
 * Where a stored artifact value lives and what it is; the entry of an artifact index. Two artifacts
 * with the same {@code sha} hold equal bytes, so copying a reference copies the value without
 * moving data.
 *
 * @param sha the content key: lower-case hex SHA-256 of the serialized bytes
 * @param type the value's class name ({@code null} values: {@code "null"})
 * @param encoding the {@link dev.flowline.datastore.serde.ArtifactSerializer#encoding() encoding}
 *     of the bytes
 * @param size the number of serialized (uncompressed) bytes
 */
public record ArtifactRef(String sha, String type, String encoding, long size) {
  /**
   * Checks the content key's form. @throws IllegalArgumentException when it is not 64 hex digits
   */
  public ArtifactRef {
    if (sha == null || !sha.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "content key '" + sha + "' is not a lower-case hex SHA-256 (64 digits)");
    }
  }
}
