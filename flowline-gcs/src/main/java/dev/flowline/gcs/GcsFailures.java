package dev.flowline.gcs;

import com.google.cloud.storage.StorageException;
import dev.flowline.datastore.BlobNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/**
 * Turns google-cloud-storage exceptions into {@link IOException}s whose message names the store,
 * the bucket, the object, the credential source tried and the fix.
 */
final class GcsFailures {
  private final GcsRoot root;
  private final String credentialSource;

  GcsFailures(GcsRoot root, String credentialSource) {
    this.root = root;
    this.credentialSource = credentialSource;
  }

  String store() {
    return "gs datastore " + root.url();
  }

  IOException translate(String operation, String key, Throwable failure) {
    if (failure instanceof BlobNotFoundException notFound) {
      return notFound;
    }
    String where =
        key == null
            ? "bucket " + root.bucket()
            : "gs://" + root.bucket() + "/" + root.objectName(key);
    String context = " (credentials from " + credentialSource + ")";
    StorageException se = find(failure, StorageException.class);
    if (se != null && se.getCode() == 404 && key == null) {
      return new IOException(
          store()
              + ": bucket \""
              + root.bucket()
              + "\" does not exist"
              + context
              + ". Create it (e.g. `gcloud"
              + " storage buckets create gs://"
              + root.bucket()
              + "`) or fix "
              + GcsRoot.KEY
              + ".",
          failure);
    }
    if (se != null && se.getCode() == 404) {
      return new BlobNotFoundException(root.url(), key);
    }
    if (se != null && se.getCode() == 401) {
      return new IOException(
          store()
              + ": "
              + operation
              + " "
              + where
              + " was refused: the credentials are invalid or expired"
              + context
              + ": "
              + se.getMessage()
              + ". Log in again (`gcloud auth application-default login`)"
              + " or fix "
              + GcsSettings.CREDENTIALS_KEY
              + ".",
          failure);
    }
    if (se != null && se.getCode() == 403) {
      return new IOException(
          store()
              + ": access denied to "
              + operation
              + " "
              + where
              + context
              + ": "
              + se.getMessage()
              + ". Grant the principal roles/storage.objectUser on the bucket (see docs/datastores.md).",
          failure);
    }
    if (find(failure, ConnectException.class) != null
        || find(failure, UnknownHostException.class) != null) {
      return new IOException(
          store()
              + ": cannot reach Cloud Storage to "
              + operation
              + " "
              + where
              + " ("
              + rootMessage(failure)
              + "). Check the network.",
          failure);
    }
    return new IOException(
        store()
            + ": "
            + operation
            + " "
            + where
            + " failed"
            + context
            + ": "
            + rootMessage(failure),
        failure);
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    return c == t ? m : t.getMessage() + "; cause: " + m;
  }
}
