package dev.flowline.s3;

import dev.flowline.config.ConfigOption;
import dev.flowline.config.OptionGroup;
import dev.flowline.config.ValueType;
import java.util.List;

/**
 * Options of the S3 datastore beyond its root ({@code METAFLOW_DATASTORE_SYSROOT_S3}, declared with
 * the other roots). Credentials and region are not Flowline options: they come from the AWS SDK's
 * standard chain.
 */
public final class S3Options implements OptionGroup {
  /** An S3-compatible endpoint. */
  public static final ConfigOption<String> ENDPOINT_URL =
      ConfigOption.builder(
              S3Settings.ENDPOINT_KEY,
              ValueType.url("\"http://minio.example:9000\"", "http", "https"))
          .defaultText("AWS S3 of the region")
          .doc(
              "Endpoint of an S3-compatible service (MinIO, Ceph, a VPC endpoint). When set, requests use"
                  + " path-style addressing.")
          .forwarded()
          .build();

  /** Retries after the first attempt. */
  public static final ConfigOption<Long> RETRY_COUNT =
      ConfigOption.builder(
              S3Settings.RETRY_COUNT_KEY,
              ValueType.integer(0, 100, "\"" + S3Settings.DEFAULT_RETRY_COUNT + "\""))
          .defaultValue((long) S3Settings.DEFAULT_RETRY_COUNT)
          .doc(
              "Retries of an S3 request after the first attempt, with the AWS SDK's exponential backoff and"
                  + " jitter, on throttling, 5xx answers and I/O errors.")
          .forwarded()
          .build();

  /** Server-side encryption of written objects. */
  public static final ConfigOption<String> SERVER_SIDE_ENCRYPTION =
      ConfigOption.builder(
              S3Settings.SSE_KEY, ValueType.choice("AES256", "aws:kms", "aws:kms:dsse"))
          .defaultText("the bucket's default encryption")
          .doc("Server-side encryption asked for on every object Flowline writes.")
          .forwarded()
          .build();

  @Override
  public String title() {
    return "S3 datastore";
  }

  @Override
  public String description() {
    return "Used with `--datastore s3`. Credentials come from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`"
        + " (and `AWS_SESSION_TOKEN`), `AWS_PROFILE`, or the AWS default chain (web identity, container and"
        + " instance roles); the region from `AWS_REGION`, the default chain, else `us-east-1`. See"
        + " `docs/datastores.md`.";
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(ENDPOINT_URL, RETRY_COUNT, SERVER_SIDE_ENCRYPTION);
  }
}
