package dev.flowline.s3;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Creates buckets on a test server (the store itself never creates buckets). */
final class S3TestBuckets {
  private S3TestBuckets() {}

  static void create(URI endpoint, String accessKey, String secretKey, String... buckets) {
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
            .build()) {
      for (String b : buckets) {
        s3.createBucket(c -> c.bucket(b));
      }
    }
  }
}
