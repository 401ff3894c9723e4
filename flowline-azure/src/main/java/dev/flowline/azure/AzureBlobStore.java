package dev.flowline.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerAsyncClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobDownloadAsyncResponse;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.DownloadRetryOptions;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.models.UserDelegationKey;
import com.azure.storage.blob.options.BlobDownloadToFileOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.SpooledPut;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link BlobStore} on Azure Blob Storage through azure-storage-blob.
 *
 * <p>Blobs are block blobs: large ones go up as parallel blocks that become visible only when the
 * block list is committed, small ones in one Put Blob, so a failed upload leaves nothing (or the
 * previous version) visible. Reads stream in ranged chunks pinned to the blob's ETag, each chunk
 * retried by the SDK. Retries use the SDK's exponential policy. Signed URLs are service SAS (with
 * an account key) or user delegation SAS (with Microsoft Entra credentials).
 */
public final class AzureBlobStore implements BlobStore {
  /** Resumes of one streaming read after dropped connections. */
  private static final int MAX_RESUMES = 5;

  private final AzureSettings settings;
  private final BlobServiceClient service;
  private final BlobContainerClient container;
  private final BlobContainerAsyncClient asyncContainer;
  private final AzureFailures failures;

  /**
   * Builds the clients for {@code settings}; no request is made until used (see {@link #probe()}).
   */
  public AzureBlobStore(AzureSettings settings) {
    this.settings = settings;
    RequestRetryOptions retry =
        new RequestRetryOptions(
            RetryPolicyType.EXPONENTIAL,
            settings.maxTries(),
            (Duration) null,
            settings.retryDelay(),
            settings.maxRetryDelay(),
            null);
    BlobServiceClientBuilder builder = new BlobServiceClientBuilder().retryOptions(retry);
    if (settings.connectionString().isPresent()) {
      builder.connectionString(settings.connectionString().get());
      settings.endpoint().ifPresent(builder::endpoint);
    } else {
      builder
          .endpoint(settings.endpoint().orElseThrow())
          .credential(new DefaultAzureCredentialBuilder().build());
    }
    this.service = builder.buildClient();
    this.container = service.getBlobContainerClient(settings.root().container());
    this.asyncContainer =
        builder.buildAsyncClient().getBlobContainerAsyncClient(settings.root().container());
    this.failures = new AzureFailures(settings, service.getAccountUrl());
  }

  @Override
  public String kind() {
    return "azure";
  }

  @Override
  public String root() {
    return settings.root().text();
  }

  private BlobClient blob(String key) {
    return container.getBlobClient(settings.root().blobName(key));
  }

  private ParallelTransferOptions transferOptions() {
    return new ParallelTransferOptions()
        .setBlockSizeLong(settings.blockSize())
        .setMaxSingleUploadSizeLong(settings.blockSize())
        .setMaxConcurrency(settings.concurrency());
  }

  /**
   * Up to one block from memory in one Put Blob; larger (or longer than a block when the length is
   * unknown) through a temporary file and the file upload (see {@link SpooledPut} for why not the
   * SDK's stream upload, which held about 500 MB of a worker JVM's RSS for 1 GiB).
   */
  @Override
  public void put(String key, InputStream data, long length) throws IOException {
    SpooledPut.inTempDir(settings.blockSize())
        .put(
            data,
            length,
            failures.store() + ": put " + key,
            bytes -> putSmall(key, bytes),
            file -> put(key, file));
  }

  private void putSmall(String key, byte[] bytes) throws IOException {
    try {
      blob(key)
          .uploadWithResponse(
              new BlobParallelUploadOptions(BinaryData.fromBytes(bytes))
                  .setParallelTransferOptions(transferOptions()),
              null,
              Context.NONE);
    } catch (RuntimeException e) {
      throw failures.translate("put", key, e);
    }
  }

  @Override
  public void put(String key, Path file) throws IOException {
    try {
      blob(key)
          .uploadFromFileWithResponse(
              new BlobUploadFromFileOptions(file.toString())
                  .setParallelTransferOptions(transferOptions()),
              null,
              Context.NONE);
    } catch (RuntimeException e) {
      throw failures.translate("put", key, e);
    }
  }

  /**
   * One streaming GET whose dropped connections the SDK resumes at the byte where they stopped,
   * pinned to the ETag (see {@link StreamingBlobInputStream} for why not {@code openInputStream}).
   */
  @Override
  public InputStream get(String key) throws IOException {
    try {
      BlobDownloadAsyncResponse response =
          asyncContainer
              .getBlobAsyncClient(settings.root().blobName(key))
              .downloadStreamWithResponse(
                  null, new DownloadRetryOptions().setMaxRetryRequests(MAX_RESUMES), null, false)
              .block();
      return new StreamingBlobInputStream(
          response.getValue(), e -> failures.translate("get", key, e));
    } catch (RuntimeException e) {
      throw failures.translate("get", key, e);
    }
  }

  @Override
  public void get(String key, Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".part");
    try {
      Set<OpenOption> options =
          Set.of(
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE);
      blob(key)
          .downloadToFileWithResponse(
              new BlobDownloadToFileOptions(tmp.toString())
                  .setOpenOptions(options)
                  .setParallelTransferOptions(
                      new com.azure.storage.common.ParallelTransferOptions()
                          .setBlockSizeLong(settings.blockSize())
                          .setMaxConcurrency(settings.concurrency())),
              null,
              Context.NONE);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (RuntimeException e) {
      throw failures.translate("get", key, e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    try {
      return blob(key).exists();
    } catch (RuntimeException e) {
      throw failures.translate("exists", key, e);
    }
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    String rootPrefix = settings.root().prefix();
    List<String> keys = new ArrayList<>();
    try {
      for (BlobItem item :
          container.listBlobs(new ListBlobsOptions().setPrefix(rootPrefix + prefix), null)) {
        keys.add(item.getName().substring(rootPrefix.length()));
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
      blob(key).deleteIfExists();
    } catch (RuntimeException e) {
      throw failures.translate("delete", key, e);
    }
  }

  /**
   * A read-only SAS URL: a service SAS when the store holds an account key (connection string),
   * else a user delegation SAS (the identity needs "Storage Blob Delegator").
   */
  @Override
  public Optional<URI> signedReadUrl(String key, Duration ttl) throws IOException {
    BlobClient b = blob(key);
    OffsetDateTime now = OffsetDateTime.now();
    BlobServiceSasSignatureValues values =
        new BlobServiceSasSignatureValues(
                now.plus(ttl), new BlobSasPermission().setReadPermission(true))
            .setStartTime(now.minusMinutes(5));
    try {
      String sas;
      if (settings.connectionString().isPresent()) {
        sas = b.generateSas(values);
      } else {
        UserDelegationKey delegation =
            service.getUserDelegationKey(now.minusMinutes(5), now.plus(ttl));
        sas = b.generateUserDelegationSas(values, delegation);
      }
      return Optional.of(URI.create(b.getBlobUrl() + "?" + sas));
    } catch (RuntimeException e) {
      throw failures.translate("sign a read URL for", key, e);
    }
  }

  /**
   * Checks the container exists and is reachable, then that the prefix is writable (a probe blob).
   */
  @Override
  public void probe() throws IOException {
    try {
      container.getProperties();
    } catch (RuntimeException e) {
      throw failures.translate("open", null, e);
    }
    String probeKey = ".flowline-probe-" + UUID.randomUUID();
    try {
      BlobClient b = blob(probeKey);
      b.upload(InputStream.nullInputStream(), 0, true);
      b.delete();
    } catch (RuntimeException e) {
      throw failures.translate("write a probe blob to", probeKey, e);
    }
  }

  @Override
  public void close() {
    // The SDK's sync clients share a process-wide HTTP client; there is nothing of ours to release.
  }

  @Override
  public String toString() {
    return "AzureBlobStore[" + root() + "]";
  }
}
