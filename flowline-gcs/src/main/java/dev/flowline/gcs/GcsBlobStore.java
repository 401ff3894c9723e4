package dev.flowline.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobGetOption;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.SignUrlOption;
import dev.flowline.datastore.BlobNotFoundException;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.LengthCheckedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BlobStore} on Google Cloud Storage through google-cloud-storage's public API only, so
 * the same code runs against the real service and the in-memory LocalStorageHelper used in tests.
 *
 * <p>Small blobs go up in one request; larger ones and streams of unknown length through a
 * resumable upload whose object appears only when the session is finalized. When the data fails
 * midway the session is abandoned, never finalized, so nothing partial becomes visible. Reads
 * stream through a reader pinned to the object's generation, whose chunks the SDK retries.
 */
public final class GcsBlobStore implements BlobStore {
  private final GcsRoot root;
  private final Storage storage;
  private final int chunkSize;
  private final GcsFailures failures;
  private final Optional<URI> emulator;

  /**
   * A store over {@code storage} (built from {@link GcsSettings}, or LocalStorageHelper in tests).
   */
  public GcsBlobStore(GcsRoot root, Storage storage, String credentialSource, int chunkSize) {
    this(root, storage, credentialSource, chunkSize, Optional.empty());
  }

  private GcsBlobStore(
      GcsRoot root,
      Storage storage,
      String credentialSource,
      int chunkSize,
      Optional<URI> emulator) {
    this.root = root;
    this.storage = storage;
    this.chunkSize = chunkSize;
    this.failures = new GcsFailures(root, credentialSource);
    this.emulator = emulator;
  }

  /** A store from parsed settings. */
  public GcsBlobStore(GcsSettings settings) {
    this(
        settings.root(),
        settings.options().getService(),
        settings.credentialSource(),
        settings.chunkSize(),
        settings.emulator());
  }

  @Override
  public String kind() {
    return "gs";
  }

  @Override
  public String root() {
    return root.url();
  }

  private BlobId id(String key) {
    return BlobId.of(root.bucket(), root.objectName(key));
  }

  @Override
  public void put(String key, InputStream data, long length) throws IOException {
    BlobInfo info = BlobInfo.newBuilder(id(key)).build();
    if (length >= 0 && length <= chunkSize) {
      byte[] bytes = data.readNBytes((int) length);
      if (bytes.length < length) {
        throw new IOException(
            failures.store()
                + ": put "
                + key
                + ": the data ended after "
                + bytes.length
                + " of the declared "
                + length
                + " bytes; nothing was stored.");
      }
      try {
        storage.create(info, bytes);
      } catch (RuntimeException e) {
        throw failures.translate("put", key, e);
      }
      return;
    }
    InputStream checked =
        new LengthCheckedInputStream(data, length, failures.store() + ": put " + key);
    WriteChannel writer;
    try {
      writer = storage.writer(info);
      writer.setChunkSize(chunkSize);
    } catch (RuntimeException e) {
      throw failures.translate("put", key, e);
    }
    // On any failure below the writer is deliberately not closed: closing would finalize the upload
    // with the
    // bytes sent so far. An abandoned resumable session expires on its own and never becomes an
    // object.
    byte[] buffer = new byte[256 * 1024];
    try {
      for (int n; (n = checked.read(buffer)) != -1; ) {
        ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
        while (bb.hasRemaining()) {
          writer.write(bb);
        }
      }
      writer.close();
    } catch (RuntimeException e) {
      throw failures.translate("put", key, e);
    }
  }

  @Override
  public void put(String key, Path file) throws IOException {
    try {
      storage.createFrom(BlobInfo.newBuilder(id(key)).build(), file, chunkSize);
    } catch (RuntimeException e) {
      throw failures.translate("put", key, e);
    }
  }

  @Override
  public InputStream get(String key) throws IOException {
    try {
      Blob blob = storage.get(id(key), BlobGetOption.fields(BlobField.GENERATION, BlobField.SIZE));
      if (blob == null) {
        throw new BlobNotFoundException(root.url(), key);
      }
      BlobId pinned =
          blob.getGeneration() == null
              ? id(key)
              : BlobId.of(root.bucket(), root.objectName(key), blob.getGeneration());
      ReadChannel reader = storage.reader(pinned);
      reader.setChunkSize(Math.min(chunkSize, 4 << 20));
      return Channels.newInputStream(reader);
    } catch (RuntimeException e) {
      throw failures.translate("get", key, e);
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    try {
      return storage.get(id(key), BlobGetOption.fields(BlobField.NAME)) != null;
    } catch (RuntimeException e) {
      throw failures.translate("exists", key, e);
    }
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    List<String> keys = new ArrayList<>();
    try {
      for (Blob b :
          storage
              .list(
                  root.bucket(),
                  BlobListOption.prefix(root.prefix() + prefix),
                  BlobListOption.fields(BlobField.NAME))
              .iterateAll()) {
        keys.add(b.getName().substring(root.prefix().length()));
      }
    } catch (RuntimeException e) {
      throw failures.translate("list", prefix, e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      storage.delete(id(key));
    } catch (RuntimeException e) {
      throw failures.translate("delete", key, e);
    }
  }

  /**
   * A V4 signed GET URL. Needs credentials that can sign: a service account key, or an attached
   * service account with {@code iam.serviceAccounts.signBlob} (roles/iam.serviceAccountTokenCreator
   * on itself).
   */
  @Override
  public Optional<URI> signedReadUrl(String key, Duration ttl) throws IOException {
    try {
      List<SignUrlOption> options = new ArrayList<>(List.of(SignUrlOption.withV4Signature()));
      emulator.ifPresent(
          e -> {
            // an emulator checks no signature: the URL is signed with a key made here, for its host
            options.add(SignUrlOption.signWith(EmulatorSigner.INSTANCE.credentials()));
            options.add(SignUrlOption.withHostName(e.toString()));
            options.add(SignUrlOption.withPathStyle());
          });
      return Optional.of(
          storage
              .signUrl(
                  BlobInfo.newBuilder(id(key)).build(),
                  ttl.toSeconds(),
                  TimeUnit.SECONDS,
                  options.toArray(SignUrlOption[]::new))
              .toURI());
    } catch (IllegalStateException e) {
      throw new IOException(
          failures.store()
              + ": cannot sign a read URL for "
              + key
              + ": the credentials cannot sign ("
              + e.getMessage()
              + "). Use a service account key in "
              + GcsSettings.CREDENTIALS_KEY
              + ", or run as a service account"
              + " that has roles/iam.serviceAccountTokenCreator on itself.",
          e);
    } catch (URISyntaxException | RuntimeException e) {
      throw failures.translate("sign a read URL for", key, e);
    }
  }

  /**
   * Checks the bucket can be listed with the credentials, then that the prefix is writable (a probe
   * object).
   */
  @Override
  public void probe() throws IOException {
    try {
      storage.list(root.bucket(), BlobListOption.pageSize(1), BlobListOption.prefix(root.prefix()));
    } catch (RuntimeException e) {
      throw failures.translate("open", null, e);
    }
    String probeKey = ".flowline-probe-" + UUID.randomUUID();
    try {
      storage.create(BlobInfo.newBuilder(id(probeKey)).build(), new byte[0]);
      storage.delete(id(probeKey));
    } catch (RuntimeException e) {
      throw failures.translate("write a probe object to", probeKey, e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      storage.close();
    } catch (Exception e) {
      throw new IOException(failures.store() + ": closing the client failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "GcsBlobStore[" + root() + "]";
  }
}
