package dev.flowline.s3;

import dev.flowline.datastore.BlobNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns AWS SDK exceptions into {@link IOException}s whose message names the store, the bucket, the
 * key, the credential source tried and the fix.
 */
final class S3Failures {
  private final S3Settings settings;

  S3Failures(S3Settings settings) {
    this.settings = settings;
  }

  /** The message prefix naming the store. */
  String store() {
    return "s3 datastore " + settings.root().url();
  }

  /** An S3 error code that means the credentials were refused: why, and what to fix. */
  private record Refusal(String reason, String fix) {}

  private static final Map<String, Refusal> REFUSALS =
      Map.of(
          "InvalidAccessKeyId",
          new Refusal(
              "the access key id is not known to the server",
              "Fix AWS_ACCESS_KEY_ID / the profile, or the credentials of the role."),
          "SignatureDoesNotMatch",
          new Refusal(
              "the request signature does not match, so the secret key is wrong",
              "Fix AWS_SECRET_ACCESS_KEY / the profile."),
          "ExpiredToken",
          new Refusal(
              "the session token has expired",
              "Refresh the credentials (e.g. `aws sso login`) and run again."),
          "TokenRefreshRequired",
          new Refusal(
              "the session token has expired",
              "Refresh the credentials (e.g. `aws sso login`) and run again."));

  /**
   * What failed: the operation, the store key (null for the bucket itself), where that is and the
   * endpoint and credentials in use, as messages name them.
   */
  private record Target(String operation, String key, String where, String context) {}

  /**
   * Translates a failure of {@code operation} on {@code key} (a store key, or null for the bucket
   * itself).
   */
  IOException translate(String operation, String key, Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof BlobNotFoundException notFound) {
      return notFound;
    }
    var at = target(operation, key);
    if (t instanceof NoSuchKeyException && key != null) {
      return new BlobNotFoundException(settings.root().url(), key);
    }
    if (t instanceof S3Exception s3) {
      return fromS3(at, s3);
    }
    if (t instanceof SdkClientException
        && String.valueOf(t.getMessage()).contains("Unable to load credentials")) {
      return noCredentials(at, t);
    }
    if (causedBy(t, ConnectException.class) || causedBy(t, UnknownHostException.class)) {
      return unreachable(at, t);
    }
    return new IOException(
        store()
            + ": "
            + operation
            + " "
            + at.where()
            + " failed"
            + at.context()
            + ": "
            + rootMessage(t),
        t);
  }

  private Target target(String operation, String key) {
    String bucket = settings.root().bucket();
    String where =
        key == null ? "bucket " + bucket : "s3://" + bucket + "/" + settings.root().objectKey(key);
    String context =
        " (endpoint "
            + settings.endpointDescription()
            + ", credentials from "
            + settings.credentialSource()
            + ")";
    return new Target(operation, key, where, context);
  }

  /** An error answered by the S3 service. */
  private IOException fromS3(Target at, S3Exception s3) {
    String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
    int status = s3.statusCode();
    if (s3 instanceof NoSuchBucketException
        || "NoSuchBucket".equals(code)
        || (status == 404 && at.key() == null)) {
      return missingBucket(at, s3);
    }
    Refusal refusal = code == null ? null : REFUSALS.get(code);
    if (refusal != null) {
      return new IOException(
          store()
              + ": "
              + at.operation()
              + " "
              + at.where()
              + " was refused: "
              + refusal.reason()
              + at.context()
              + ". "
              + refusal.fix(),
          s3);
    }
    if (status == 403) {
      return accessDenied(at, code, s3);
    }
    if (status == 404 && at.key() != null) {
      return new BlobNotFoundException(settings.root().url(), at.key());
    }
    return new IOException(
        store()
            + ": "
            + at.operation()
            + " "
            + at.where()
            + " failed with HTTP "
            + status
            + (code == null ? "" : " " + code)
            + " after "
            + settings.retryCount()
            + " retries"
            + at.context()
            + ": "
            + s3.getMessage(),
        s3);
  }

  private IOException missingBucket(Target at, S3Exception s3) {
    String bucket = settings.root().bucket();
    return new IOException(
        store()
            + ": bucket \""
            + bucket
            + "\" does not exist"
            + at.context()
            + ". Create it (e.g. `aws s3 mb"
            + " s3://"
            + bucket
            + "`) or fix "
            + S3Root.KEY
            + ".",
        s3);
  }

  private IOException accessDenied(Target at, String code, S3Exception s3) {
    String bucket = settings.root().bucket();
    return new IOException(
        store()
            + ": access denied to "
            + at.operation()
            + " "
            + at.where()
            + (code == null ? "" : " (" + code + ")")
            + at.context()
            + ". Grant the role s3:GetObject, s3:PutObject, s3:DeleteObject on "
            + "arn:aws:s3:::"
            + bucket
            + "/"
            + settings.root().prefix()
            + "* and s3:ListBucket on arn:aws:s3:::"
            + bucket
            + " (see docs/datastores.md), or check the credentials.",
        s3);
  }

  private IOException noCredentials(Target at, Throwable t) {
    return new IOException(
        store()
            + ": no AWS credentials found for "
            + at.operation()
            + " "
            + at.where()
            + "; tried "
            + settings.credentialSource()
            + ". Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE,"
            + " or run where a role (IRSA / instance profile) is attached.",
        t);
  }

  private IOException unreachable(Target at, Throwable t) {
    return new IOException(
        store()
            + ": cannot reach "
            + settings.endpointDescription()
            + " to "
            + at.operation()
            + " "
            + at.where()
            + " after "
            + settings.retryCount()
            + " retries ("
            + rootMessage(t)
            + "). Check "
            + S3Settings.ENDPOINT_KEY
            + " and the network.",
        t);
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException
            || cur instanceof ExecutionException
            || cur instanceof java.io.UncheckedIOException)
        && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    return t == c ? m : t.getMessage() + "; cause: " + m;
  }
}
