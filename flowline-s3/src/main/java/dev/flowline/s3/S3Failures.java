package dev.flowline.s3;

import dev.flowline.datastore.BlobNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
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

  /**
   * Translates a failure of {@code operation} on {@code key} (a store key, or null for the bucket
   * itself).
   */
  IOException translate(String operation, String key, Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof BlobNotFoundException notFound) {
      return notFound;
    }
    String bucket = settings.root().bucket();
    String where =
        key == null ? "bucket " + bucket : "s3://" + bucket + "/" + settings.root().objectKey(key);
    String context =
        " (endpoint "
            + settings.endpointDescription()
            + ", credentials from "
            + settings.credentialSource()
            + ")";
    if (t instanceof NoSuchKeyException && key != null) {
      return new BlobNotFoundException(settings.root().url(), key);
    }
    if (t instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
      int status = s3.statusCode();
      if (t instanceof NoSuchBucketException
          || "NoSuchBucket".equals(code)
          || (status == 404 && key == null)) {
        return new IOException(
            store()
                + ": bucket \""
                + bucket
                + "\" does not exist"
                + context
                + ". Create it (e.g. `aws s3 mb"
                + " s3://"
                + bucket
                + "`) or fix "
                + S3Root.KEY
                + ".",
            t);
      }
      if ("InvalidAccessKeyId".equals(code)) {
        return new IOException(
            store()
                + ": "
                + operation
                + " "
                + where
                + " was refused: the access key id is not known to the"
                + " server"
                + context
                + ". Fix AWS_ACCESS_KEY_ID / the profile, or the credentials of the role.",
            t);
      }
      if ("SignatureDoesNotMatch".equals(code)) {
        return new IOException(
            store()
                + ": "
                + operation
                + " "
                + where
                + " was refused: the request signature does not match,"
                + " so the secret key is wrong"
                + context
                + ". Fix AWS_SECRET_ACCESS_KEY / the profile.",
            t);
      }
      if ("ExpiredToken".equals(code) || "TokenRefreshRequired".equals(code)) {
        return new IOException(
            store()
                + ": "
                + operation
                + " "
                + where
                + " was refused: the session token has expired"
                + context
                + ". Refresh the credentials (e.g. `aws sso login`) and run again.",
            t);
      }
      if (status == 403) {
        return new IOException(
            store()
                + ": access denied to "
                + operation
                + " "
                + where
                + (code == null ? "" : " (" + code + ")")
                + context
                + ". Grant the role s3:GetObject, s3:PutObject, s3:DeleteObject on "
                + "arn:aws:s3:::"
                + bucket
                + "/"
                + settings.root().prefix()
                + "* and s3:ListBucket on arn:aws:s3:::"
                + bucket
                + " (see docs/datastores.md), or check the credentials.",
            t);
      }
      if (status == 404 && key != null) {
        return new BlobNotFoundException(settings.root().url(), key);
      }
      return new IOException(
          store()
              + ": "
              + operation
              + " "
              + where
              + " failed with HTTP "
              + status
              + (code == null ? "" : " " + code)
              + " after "
              + settings.retryCount()
              + " retries"
              + context
              + ": "
              + s3.getMessage(),
          t);
    }
    if (t instanceof SdkClientException
        && String.valueOf(t.getMessage()).contains("Unable to load credentials")) {
      return new IOException(
          store()
              + ": no AWS credentials found for "
              + operation
              + " "
              + where
              + "; tried "
              + settings.credentialSource()
              + ". Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE,"
              + " or run where a role (IRSA / instance profile) is attached.",
          t);
    }
    if (causedBy(t, ConnectException.class) || causedBy(t, UnknownHostException.class)) {
      return new IOException(
          store()
              + ": cannot reach "
              + settings.endpointDescription()
              + " to "
              + operation
              + " "
              + where
              + " after "
              + settings.retryCount()
              + " retries ("
              + rootMessage(t)
              + "). Check "
              + S3Settings.ENDPOINT_KEY
              + " and the network.",
          t);
    }
    return new IOException(
        store() + ": " + operation + " " + where + " failed" + context + ": " + rootMessage(t), t);
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
