package dev.flowline.s3;

import dev.flowline.config.Config;
import dev.flowline.config.ConfigOption;
import dev.flowline.config.InvalidValueException;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Everything the S3 store needs, parsed once from the configuration.
 *
 * @param root the bucket and prefix ({@code METAFLOW_DATASTORE_SYSROOT_S3})
 * @param endpoint an S3-compatible endpoint ({@code METAFLOW_S3_ENDPOINT_URL}); path-style
 *     addressing is used when set
 * @param region the signing region
 * @param credentials the credentials provider
 * @param credentialSource a human description of where credentials come from, for error messages
 * @param retryCount retries after the first attempt on throttling, 5xx and dropped connections
 *     ({@code METAFLOW_S3_RETRY_COUNT}, default 7 as in Metaflow)
 * @param serverSideEncryption {@code AES256} or {@code aws:kms}, if set ({@code
 *     METAFLOW_S3_SERVER_SIDE_ENCRYPTION})
 * @param partSize the multipart part size in bytes
 * @param multipartThreshold blobs larger than this go up in parallel parts
 */
public record S3Settings(
    S3Root root,
    Optional<URI> endpoint,
    Region region,
    AwsCredentialsProvider credentials,
    String credentialSource,
    int retryCount,
    Optional<String> serverSideEncryption,
    long partSize,
    long multipartThreshold) {

  /** {@code METAFLOW_S3_ENDPOINT_URL}. */
  public static final String ENDPOINT_KEY = "METAFLOW_S3_ENDPOINT_URL";

  /** {@code METAFLOW_S3_RETRY_COUNT}. */
  public static final String RETRY_COUNT_KEY = "METAFLOW_S3_RETRY_COUNT";

  /** {@code METAFLOW_S3_SERVER_SIDE_ENCRYPTION}. */
  public static final String SSE_KEY = "METAFLOW_S3_SERVER_SIDE_ENCRYPTION";

  /** Metaflow's default for {@code METAFLOW_S3_RETRY_COUNT}. */
  public static final int DEFAULT_RETRY_COUNT = 7;

  /** Default multipart part size: 16 MiB. */
  public static final long DEFAULT_PART_SIZE = 16L << 20;

  /** Default multipart threshold: 16 MiB. */
  public static final long DEFAULT_THRESHOLD = 16L << 20;

  /**
   * Reads the settings: the root and Metaflow's S3 keys from {@code config}; credentials from
   * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} (and {@code AWS_SESSION_TOKEN}) or
   * {@code AWS_PROFILE} in the configuration's environment, else the AWS default chain
   * (environment, system properties, web identity token, {@code ~/.aws} profiles, container and
   * instance credentials); the region from {@code AWS_REGION}/{@code AWS_DEFAULT_REGION}, else the
   * AWS default region chain, else {@code us-east-1}.
   *
   * @throws IOException when a value is malformed, naming the key, the value and the fix
   */
  public static S3Settings from(Config config) throws IOException {
    S3Root root = S3Root.parse(config.get(S3Root.KEY).orElse(null));
    Optional<URI> endpoint = parse(S3Options.ENDPOINT_URL, config).map(URI::create);
    int retries =
        parse(S3Options.RETRY_COUNT, config).map(Long::intValue).orElse(DEFAULT_RETRY_COUNT);
    Optional<String> sse = parse(S3Options.SERVER_SIDE_ENCRYPTION, config);
    Map<String, String> env = config.env();
    Region region = region(env);
    AwsCredentialsProvider credentials;
    String source;
    String accessKey = env.get("AWS_ACCESS_KEY_ID");
    String secretKey = env.get("AWS_SECRET_ACCESS_KEY");
    if (accessKey != null && secretKey != null) {
      String token = env.get("AWS_SESSION_TOKEN");
      credentials =
          StaticCredentialsProvider.create(
              token == null
                  ? AwsBasicCredentials.create(accessKey, secretKey)
                  : AwsSessionCredentials.create(accessKey, secretKey, token));
      source =
          "environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (key id "
              + accessKey
              + ")";
    } else if (env.get("AWS_PROFILE") != null) {
      credentials = ProfileCredentialsProvider.create(env.get("AWS_PROFILE"));
      source = "AWS profile '" + env.get("AWS_PROFILE") + "' (AWS_PROFILE)";
    } else {
      credentials = DefaultCredentialsProvider.builder().build();
      source =
          "the AWS default credential chain (environment, system properties, web identity token,"
              + " ~/.aws profiles, container and instance credentials)";
    }
    return new S3Settings(
        root,
        endpoint,
        region,
        credentials,
        source,
        retries,
        sse,
        DEFAULT_PART_SIZE,
        DEFAULT_THRESHOLD);
  }

  /** Settings for an explicit endpoint and static keys, as tests and benchmarks use them. */
  public static S3Settings forEndpoint(
      String root, URI endpoint, String accessKey, String secretKey) throws IOException {
    return new S3Settings(
        S3Root.parse(root),
        Optional.of(endpoint),
        Region.US_EAST_1,
        StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)),
        "static keys (key id " + accessKey + ")",
        DEFAULT_RETRY_COUNT,
        Optional.empty(),
        DEFAULT_PART_SIZE,
        DEFAULT_THRESHOLD);
  }

  /** A copy with another retry count. */
  public S3Settings withRetryCount(int count) {
    return new S3Settings(
        root,
        endpoint,
        region,
        credentials,
        credentialSource,
        count,
        serverSideEncryption,
        partSize,
        multipartThreshold);
  }

  /** A copy with another part size and threshold. */
  public S3Settings withParts(long size, long threshold) {
    return new S3Settings(
        root,
        endpoint,
        region,
        credentials,
        credentialSource,
        retryCount,
        serverSideEncryption,
        size,
        threshold);
  }

  /** Where requests go, for messages: the endpoint override or AWS in the region. */
  public String endpointDescription() {
    return endpoint.map(URI::toString).orElse("AWS S3 in " + region.id());
  }

  private static <T> Optional<T> parse(ConfigOption<T> option, Config config) throws IOException {
    Optional<String> text = config.get(option.key()).filter(v -> !v.isBlank());
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(option.parse(text.get()));
    } catch (InvalidValueException e) {
      throw new IOException(
          option.key()
              + ": value \""
              + text.get()
              + "\" "
              + e.getMessage()
              + ". Use e.g. "
              + e.example()
              + ".");
    }
  }

  private static Region region(Map<String, String> env) {
    String r = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
    if (r != null && !r.isBlank()) {
      return Region.of(r.trim());
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (RuntimeException e) {
      return Region.US_EAST_1;
    }
  }
}
