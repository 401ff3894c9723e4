package dev.flowline.s3;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.multipart.MultipartConfiguration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * The SDK clients of one S3 store, built from {@link S3Settings}: a sync client for small calls and
 * all reads (streams and the ranged reads of file downloads), a presigner, and - created on first
 * use, since most tasks move only small blobs - the multipart-enabled async client with a transfer
 * manager for large uploads. All share the endpoint, region, credentials and the SDK's standard
 * retry strategy (exponential backoff with jitter on throttling, 5xx and I/O errors).
 *
 * <p>The async client runs on our own daemon Netty event loop, shut down without the SDK's
 * two-second graceful wait, so closing a store does not delay a task's exit.
 */
final class S3Clients implements AutoCloseable {
  /**
   * Parts of one transfer in flight (connections of the async client, ranged reads of a download).
   * Each part in flight holds buffers: with 64 connections a 1 GiB file upload kept about 120 MB of
   * them alive and pushed a worker JVM (no -Xmx, -Xmn32m) to 486 MB peak RSS; with 8 it stayed at
   * 160 MB, and 8 x about 100 MB/s per connection still fills a cloud link.
   */
  static final int PARALLEL_TRANSFERS = 8;

  private final S3Settings settings;
  private final ClientOverrideConfiguration override;
  private final S3Client sync;
  private final S3Presigner presigner;
  private NioEventLoopGroup eventLoop;
  private S3AsyncClient async;
  private S3TransferManager transfers;

  S3Clients(S3Settings s) {
    this.settings = s;
    this.override =
        ClientOverrideConfiguration.builder()
            .retryStrategy(
                AwsRetryStrategy.standardRetryStrategy().toBuilder()
                    .maxAttempts(s.retryCount() + 1)
                    .build())
            .build();
    boolean pathStyle = s.endpoint().isPresent();
    var syncBuilder =
        S3Client.builder()
            .region(s.region())
            .credentialsProvider(s.credentials())
            .forcePathStyle(pathStyle)
            .crossRegionAccessEnabled(s.endpoint().isEmpty())
            .overrideConfiguration(override);
    var presignBuilder =
        S3Presigner.builder()
            .region(s.region())
            .credentialsProvider(s.credentials())
            .serviceConfiguration(
                S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build());
    s.endpoint()
        .ifPresent(
            uri -> {
              syncBuilder.endpointOverride(uri);
              presignBuilder.endpointOverride(uri);
            });
    this.sync = syncBuilder.build();
    this.presigner = presignBuilder.build();
  }

  S3Client sync() {
    return sync;
  }

  S3Presigner presigner() {
    return presigner;
  }

  synchronized S3AsyncClient async() {
    if (async == null) {
      eventLoop =
          new NioEventLoopGroup(
              Math.max(2, Runtime.getRuntime().availableProcessors()), daemonThreads());
      var builder =
          S3AsyncClient.builder()
              .region(settings.region())
              .credentialsProvider(settings.credentials())
              .forcePathStyle(settings.endpoint().isPresent())
              .crossRegionAccessEnabled(settings.endpoint().isEmpty())
              .overrideConfiguration(override)
              .httpClientBuilder(
                  NettyNioAsyncHttpClient.builder()
                      .eventLoopGroup(SdkEventLoopGroup.create(eventLoop, NioSocketChannel::new))
                      .maxConcurrency(PARALLEL_TRANSFERS)
                      .connectionAcquisitionTimeout(Duration.ofMinutes(2)))
              .multipartEnabled(true)
              .multipartConfiguration(
                  MultipartConfiguration.builder()
                      .minimumPartSizeInBytes(settings.partSize())
                      .thresholdInBytes(settings.multipartThreshold())
                      .apiCallBufferSizeInBytes(4 * settings.partSize())
                      .build());
      settings.endpoint().ifPresent(builder::endpointOverride);
      async = builder.build();
    }
    return async;
  }

  synchronized S3TransferManager transfers() {
    if (transfers == null) {
      transfers = S3TransferManager.builder().s3Client(async()).build();
    }
    return transfers;
  }

  @Override
  public synchronized void close() {
    if (transfers != null) {
      transfers.close();
    }
    if (async != null) {
      async.close();
      eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
    sync.close();
    presigner.close();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "flowline-s3-io-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
