package dev.flowline.datastore;

import dev.flowline.FlowSpec;
import dev.flowline.datastore.cas.ArtifactRef;
import dev.flowline.datastore.cas.BlobReader;
import dev.flowline.datastore.cas.BlobWriter;
import dev.flowline.datastore.cas.CorruptBlobException;
import dev.flowline.datastore.serde.ArtifactSerializationException;
import dev.flowline.datastore.serde.ArtifactSerializer;
import dev.flowline.datastore.serde.Serializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Deflater;

/**
 * The content-addressed store of one flow's artifact values, on any {@link BlobStore}. A value is
 * serialized into a temporary blob file while its SHA-256 is computed; the file is uploaded under
 * {@code FLOW/data/AB/SHA} unless that key already exists (deduplication across tasks and runs).
 * Reads stream the content into the serializer and verify length and hash, so a changed or
 * truncated blob fails with {@link CorruptBlobException} instead of yielding a wrong value.
 *
 * <p>Memory stays bounded by the value itself: a 200 MiB {@code byte[]} is written from the array
 * in 64 KiB chunks and read into one array of the known size.
 */
public final class ContentStore {
  /**
   * The default compression level: 1 (fastest). Measured on a 200 MiB compressible artifact it
   * keeps saving near disk speed; higher levels cost far more time than they save space (see
   * docs/datastore-layout.md).
   */
  public static final int DEFAULT_LEVEL = Deflater.BEST_SPEED;

  /**
   * Content of this size or more is downloaded from a remote store into a file first (in parallel).
   */
  public static final long PARALLEL_DOWNLOAD_MIN = 16L << 20;

  private final BlobStore store;
  private final String flow;
  private final Serializers serializers;
  private final Path tempDir;
  private final int level;

  /**
   * A store for flow {@code flow}.
   *
   * @param tempDir where values are serialized before upload
   * @param level the Deflater level, 0 (none) to 9
   */
  public ContentStore(
      BlobStore store, String flow, Serializers serializers, Path tempDir, int level) {
    this.store = store;
    this.flow = flow;
    this.serializers = serializers;
    this.tempDir = tempDir;
    this.level = level;
  }

  /** A store with the built-in serializers, the system temporary folder and the default level. */
  public static ContentStore of(BlobStore store, String flow) {
    return new ContentStore(
        store,
        flow,
        Serializers.defaults(),
        Path.of(System.getProperty("java.io.tmpdir")),
        DEFAULT_LEVEL);
  }

  /** The blob store underneath. */
  public BlobStore blobStore() {
    return store;
  }

  /** The flow whose values this store holds. */
  public String flow() {
    return flow;
  }

  /**
   * Stores the value of artifact {@code name}.
   *
   * @throws ArtifactSerializationException when the value cannot be serialized, naming the
   *     artifact, its type and the fix
   */
  public ArtifactRef save(String name, Object value) throws IOException {
    ArtifactSerializer serializer =
        serializers.forValue(value).orElseThrow(() -> notSerializable(name, value, null));
    Files.createDirectories(tempDir);
    Path body = Files.createTempFile(tempDir, "flowline-artifact-", ".tmp");
    try {
      BlobWriter.Result result;
      try (BlobWriter writer = new BlobWriter(body, level)) {
        try {
          serializer.serialize(value, writer);
        } catch (NotSerializableException | InvalidClassException e) {
          throw notSerializable(name, value, e);
        } catch (RuntimeException e) {
          throw new ArtifactSerializationException(
              name,
              typeName(value),
              "artifact '"
                  + name
                  + "' of type "
                  + typeName(value)
                  + " cannot be stored: "
                  + serializer.getClass().getName()
                  + " failed ("
                  + e
                  + "). Fix the type's serialization,"
                  + " or mark the field transient if it need not be saved.",
              e);
        }
        result = writer.finish();
      }
      String key = StoreLayout.blob(flow, result.sha());
      if (!store.exists(key)) {
        store.put(key, body); // cloud stores upload large files in parallel parts
      }
      return new ArtifactRef(
          result.sha(), typeName(value), serializer.encoding(), result.rawLength());
    } finally {
      Files.deleteIfExists(body);
    }
  }

  /**
   * The content key that {@code value} would get if it were saved, computed without storing
   * anything (to compare a value with stored ones).
   *
   * @throws ArtifactSerializationException when the value cannot be serialized
   */
  public String digest(String name, Object value) throws IOException {
    ArtifactSerializer serializer =
        serializers.forValue(value).orElseThrow(() -> notSerializable(name, value, null));
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
    try (var out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
      serializer.serialize(value, out);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Whether the blob of {@code ref} is present. */
  public boolean contains(ArtifactRef ref) throws IOException {
    return store.exists(StoreLayout.blob(flow, ref.sha()));
  }

  /**
   * Loads the value of artifact {@code name}, resolving classes with {@code loader}.
   *
   * @throws CorruptBlobException when the stored bytes do not match the key
   * @throws BlobNotFoundException when the blob is missing
   */
  public Object load(String name, ArtifactRef ref, ClassLoader loader) throws IOException {
    ArtifactSerializer serializer =
        serializers
            .forEncoding(ref.encoding())
            .orElseThrow(
                () ->
                    new IOException(
                        "artifact '"
                            + name
                            + "' was written with encoding '"
                            + ref.encoding()
                            + "', which no serializer on the class path reads (known: "
                            + serializers.ordered().stream()
                                .map(ArtifactSerializer::encoding)
                                .toList()
                            + "). Add the jar with the ArtifactSerializer for '"
                            + ref.encoding()
                            + "'."));
    String key = StoreLayout.blob(flow, ref.sha());
    String what = "artifact '" + name + "': blob " + key + " in " + store.root();
    try (BlobReader in = new BlobReader(openBlob(key, ref.size()), ref.sha(), what)) {
      if (in.rawLength() != ref.size()) {
        throw new CorruptBlobException(
            what
                + " is corrupt: its header announces "
                + in.rawLength()
                + " bytes, the index "
                + ref.size(),
            null);
      }
      Object value;
      try {
        value = serializer.deserialize(in, in.rawLength(), loader);
      } catch (CorruptBlobException e) {
        throw e;
      } catch (InvalidClassException e) {
        throw new IncompatibleArtifactClassException(name, ref.type(), e);
      } catch (IOException | RuntimeException e) {
        in.verifyFully(); // a corrupt blob is the likelier cause: report that first
        throw new IOException(
            what + ": " + ref.encoding() + " could not read it: " + e.getMessage(), e);
      }
      in.verifyFully();
      return value;
    }
  }

  /** Opens the verified content of {@code ref} as a stream (for dumps and copies). */
  public InputStream open(String name, ArtifactRef ref) throws IOException {
    String key = StoreLayout.blob(flow, ref.sha());
    return new BlobReader(
        openBlob(key, ref.size()),
        ref.sha(),
        "artifact '" + name + "': blob " + key + " in " + store.root());
  }

  /**
   * Opens a blob. A large blob of a remote store is first downloaded into a temporary file with
   * {@link BlobStore#get(String, Path)}, which cloud stores do in parallel ranges; the file goes
   * when the stream is closed.
   */
  private InputStream openBlob(String key, long contentSize) throws IOException {
    if (contentSize < PARALLEL_DOWNLOAD_MIN || store instanceof LocalBlobStore) {
      return store.get(key);
    }
    Files.createDirectories(tempDir);
    Path file = Files.createTempFile(tempDir, "flowline-download-", ".blob");
    try {
      store.get(key, file);
      return Files.newInputStream(file, StandardOpenOption.DELETE_ON_CLOSE);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  private static String typeName(Object value) {
    return value == null ? "null" : value.getClass().getName();
  }

  private static ArtifactSerializationException notSerializable(
      String name, Object value, IOException cause) {
    String type = typeName(value);
    String detail;
    if (value instanceof FlowSpec) {
      detail = "a flow object cannot be an artifact; store the values you need from it instead";
    } else if (cause instanceof NotSerializableException && !type.equals(cause.getMessage())) {
      detail =
          "it holds a value of type " + cause.getMessage() + ", which is not java.io.Serializable";
    } else if (cause != null) {
      detail = type + " is not serializable (" + cause + ")";
    } else {
      detail = "no serializer handles it and " + type + " is not java.io.Serializable";
    }
    return new ArtifactSerializationException(
        name,
        type,
        "artifact '"
            + name
            + "' of type "
            + type
            + " cannot be stored: "
            + detail
            + ". Make the type (and every type it holds) implement java.io.Serializable, mark the field"
            + " transient if it need not be saved, or register an ArtifactSerializer for it"
            + " (META-INF/services/dev.flowline.datastore.serde.ArtifactSerializer).",
        cause);
  }
}
