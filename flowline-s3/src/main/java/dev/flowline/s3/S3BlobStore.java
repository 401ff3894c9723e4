package dev.flowline.s3;

import dev.flowline.datastore.BlobNotFoundException;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.SpooledPut;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} on Amazon S3 (or an S3-compatible server) through the AWS SDK for Java v2.
 *
 * <p>Small blobs go up in one PutObject; files above the multipart threshold go up in parallel
 * parts through the transfer manager, and so do larger streams, spooled to a temporary file first.
 * Files download as parallel ranged GETs. S3 makes an object visible only when a PutObject or
 * CompleteMultipartUpload succeeds, so a failed upload leaves nothing behind (the SDK aborts the
 * multipart upload). Reads stream the response body and resume a dropped connection with a ranged
 * GET pinned to the ETag. Retries with backoff are the SDK's standard strategy ({@code
 * METAFLOW_S3_RETRY_COUNT}).
 */
public final class S3BlobStore implements BlobStore {
  private static final int MAX_RESUMES = 5;

  private final S3Settings settings;
  private final S3Clients clients;
  private final S3Failures failures;

  /** Opens clients for {@code settings}; no request is made until used (see {@link #probe()}). */
  public S3BlobStore(S3Settings settings) {
    this.settings = settings;
    this.clients = new S3Clients(settings);
    this.failures = new S3Failures(settings);
  }

  @Override
  public String kind() {
    return "s3";
  }

  @Override
  public String root() {
    return settings.root().url();
  }

  private String bucket() {
    return settings.root().bucket();
  }

  private String objectKey(String key) {
    return settings.root().objectKey(key);
  }

  private PutObjectRequest.Builder putRequest(String key) {
    PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(bucket()).key(objectKey(key));
    settings.serverSideEncryption().ifPresent(b::serverSideEncryption);
    return b;
  }

  /**
   * Up to the multipart threshold from memory in one PutObject; larger (or longer than the
   * threshold when the length is unknown) through a temporary file and the file upload (see {@link
   * SpooledPut} for why not the SDK's stream upload).
   */
  @Override
  public void put(String key, InputStream data, long length) throws IOException {
    if (length >= 0 && length <= settings.multipartThreshold()) {
      putSmall(key, data, length);
      return;
    }
    SpooledPut.inTempDir(settings.multipartThreshold())
        .put(
            data,
            length,
            failures.store() + ": put " + key,
            bytes -> putSmall(key, new ByteArrayInputStream(bytes), bytes.length),
            file -> put(key, file));
  }

  /**
   * One PutObject from a buffer no larger than the threshold, so the SDK can retry it as a whole.
   */
  private void putSmall(String key, InputStream data, long length) throws IOException {
    byte[] bytes = data.readNBytes((int) length);
    if (bytes.length < length) {
      throw new IOException(
          failures.store()
              + ": put "
              + key
              + " failed: the data ended after "
              + bytes.length
              + " of the declared "
              + length
              + " bytes; nothing was stored.");
    }
    try {
      clients
          .sync()
          .putObject(putRequest(key).contentLength(length).build(), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw failures.translate("put", key, e);
    }
  }

  @Override
  public void put(String key, Path file) throws IOException {
    long size = Files.size(file);
    if (size <= settings.multipartThreshold()) {
      try (InputStream in = Files.newInputStream(file)) {
        putSmall(key, in, size);
      }
      return;
    }
    var upload =
        clients
            .transfers()
            .uploadFile(u -> u.source(file).putObjectRequest(putRequest(key).build()));
    await(upload.completionFuture(), "put", key);
  }

  @Override
  public InputStream get(String key) throws IOException {
    try {
      var first =
          clients
              .sync()
              .getObject(GetObjectRequest.builder().bucket(bucket()).key(objectKey(key)).build());
      String etag = first.response().eTag();
      return new ResumingInputStream(
          first,
          offset -> reopen(key, etag, offset),
          MAX_RESUMES,
          failures.store() + ": reading " + key);
    } catch (SdkException e) {
      throw failures.translate("get", key, e);
    }
  }

  private InputStream reopen(String key, String etag, long offset) throws IOException {
    try {
      return clients
          .sync()
          .getObject(
              GetObjectRequest.builder()
                  .bucket(bucket())
                  .key(objectKey(key))
                  .ifMatch(etag)
                  .range("bytes=" + offset + "-")
                  .build());
    } catch (SdkException e) {
      throw failures.translate("get (resume at byte " + offset + ")", key, e);
    }
  }

  /**
   * Parallel ranged GETs through the sync client, each pinned to the object's ETag and resumed
   * where it stopped when its connection drops (see {@link RangedDownload} for why not the transfer
   * manager). The file appears at {@code target} only when complete.
   */
  @Override
  public void get(String key, Path target) throws IOException {
    HeadObjectResponse head =
        head(key).orElseThrow(() -> new BlobNotFoundException(settings.root().url(), key));
    String etag = head.eTag();
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".part");
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        new RangedDownload(
                head.contentLength(),
                settings.partSize(),
                S3Clients.PARALLEL_TRANSFERS,
                (from, to) -> openRange(key, etag, from, to),
                failures.store() + ": get " + key)
            .into(out);
      }
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The bytes {@code from..to} (inclusive) of the object with {@code etag}, resuming drops. */
  private InputStream openRange(String key, String etag, long from, long to) throws IOException {
    String description = failures.store() + ": reading " + key + " bytes " + from + "-" + to;
    return new ResumingInputStream(
        rangeRequest(key, etag, from, to),
        offset -> rangeRequest(key, etag, from + offset, to),
        MAX_RESUMES,
        description);
  }

  private InputStream rangeRequest(String key, String etag, long from, long to) throws IOException {
    try {
      return clients
          .sync()
          .getObject(
              GetObjectRequest.builder()
                  .bucket(bucket())
                  .key(objectKey(key))
                  .ifMatch(etag)
                  .range("bytes=" + from + "-" + to)
                  .build());
    } catch (SdkException e) {
      throw failures.translate("get (bytes " + from + "-" + to + ")", key, e);
    }
  }

  @Override
  public boolean exists(String key) throws IOException {
    return head(key).isPresent();
  }

  private Optional<HeadObjectResponse> head(String key) throws IOException {
    try {
      return Optional.of(clients.sync().headObject(h -> h.bucket(bucket()).key(objectKey(key))));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
        return Optional.empty();
      }
      throw failures.translate("head", key, e);
    } catch (SdkException e) {
      throw failures.translate("head", key, e);
    }
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    String rootPrefix = settings.root().prefix();
    List<String> keys = new ArrayList<>();
    try {
      for (S3Object o :
          clients
              .sync()
              .listObjectsV2Paginator(l -> l.bucket(bucket()).prefix(rootPrefix + prefix))
              .contents()) {
        keys.add(o.key().substring(rootPrefix.length()));
      }
    } catch (SdkException e) {
      throw failures.translate("list", prefix, e);
    }
    keys.sort(null);
    return keys;
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      clients.sync().deleteObject(d -> d.bucket(bucket()).key(objectKey(key)));
    } catch (SdkException e) {
      throw failures.translate("delete", key, e);
    }
  }

  @Override
  public Optional<URI> signedReadUrl(String key, Duration ttl) throws IOException {
    try {
      var presigned =
          clients
              .presigner()
              .presignGetObject(
                  p ->
                      p.signatureDuration(ttl)
                          .getObjectRequest(g -> g.bucket(bucket()).key(objectKey(key))));
      return Optional.of(presigned.url().toURI());
    } catch (URISyntaxException | SdkException e) {
      throw failures.translate("presign", key, e);
    }
  }

  /**
   * Checks the bucket exists and can be listed with the credentials (a ListObjectsV2 of one key,
   * whose error body names the cause, unlike HeadBucket's), then that the prefix is writable and
   * deletable (a zero-byte probe object).
   */
  @Override
  public void probe() throws IOException {
    try {
      clients
          .sync()
          .listObjectsV2(l -> l.bucket(bucket()).prefix(settings.root().prefix()).maxKeys(1));
    } catch (SdkException e) {
      throw failures.translate("open", null, e);
    }
    String probeKey = ".flowline-probe-" + UUID.randomUUID();
    try {
      clients.sync().putObject(putRequest(probeKey).build(), RequestBody.empty());
      clients.sync().deleteObject(d -> d.bucket(bucket()).key(objectKey(probeKey)));
    } catch (SdkException e) {
      throw failures.translate("write a probe object to", probeKey, e);
    }
  }

  @Override
  public void close() {
    clients.close();
  }

  @Override
  public String toString() {
    return "S3BlobStore[" + root() + "]";
  }

  private void await(CompletableFuture<?> future, String operation, String key) throws IOException {
    try {
      future.join();
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      throw failures.translate(operation, key, e);
    }
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }
}
