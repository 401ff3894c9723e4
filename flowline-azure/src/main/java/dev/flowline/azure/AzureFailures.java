package dev.flowline.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import dev.flowline.datastore.BlobNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/**
 * Turns Azure SDK exceptions into {@link IOException}s whose message names the store, the account
 * endpoint, the container, the blob, the credential source tried and the fix.
 */
final class AzureFailures {
  private final AzureSettings settings;
  private final String endpoint;

  AzureFailures(AzureSettings settings, String endpoint) {
    this.settings = settings;
    this.endpoint = endpoint;
  }

  String store() {
    return "azure datastore " + settings.root().text();
  }

  IOException translate(String operation, String key, Throwable failure) {
    Throwable t = failure;
    while (t instanceof UncheckedIOException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof BlobNotFoundException notFound) {
      return notFound;
    }
    String container = settings.root().container();
    String where =
        key == null ? "container " + container : container + "/" + settings.root().blobName(key);
    String context =
        " (endpoint " + endpoint + ", credentials from " + settings.credentialSource() + ")";
    if (t instanceof BlobStorageException e) {
      BlobErrorCode code = e.getErrorCode();
      if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
        return new IOException(
            store()
                + ": container \""
                + container
                + "\" does not exist"
                + context
                + ". Create it (e.g. `az"
                + " storage container create --name "
                + container
                + " --account-name <account>`) or fix "
                + AzureRoot.KEY
                + ".",
            e);
      }
      if (BlobErrorCode.BLOB_NOT_FOUND.equals(code) && key != null) {
        return new BlobNotFoundException(settings.root().text(), key);
      }
      if (e.getStatusCode() == 403 && settings.connectionString().isPresent()) {
        return new IOException(
            store()
                + ": "
                + operation
                + " "
                + where
                + " was refused ("
                + code
                + "): the account key or SAS in "
                + AzureSettings.CONNECTION_STRING_KEY
                + " is wrong, expired or lacks permission"
                + context
                + ". Copy the connection string again from the storage account's access keys, or use a SAS"
                + " with read, write, delete and list permission on the container.",
            e);
      }
      if (e.getStatusCode() == 403) {
        return new IOException(
            store()
                + ": access denied to "
                + operation
                + " "
                + where
                + " ("
                + code
                + ")"
                + context
                + ". Give the identity the role \"Storage Blob Data Contributor\" on the container or account"
                + " (and \"Storage Blob Delegator\" for signed URLs), see docs/datastores.md.",
            e);
      }
      if (e.getStatusCode() == 404 && key != null) {
        return new BlobNotFoundException(settings.root().text(), key);
      }
      return new IOException(
          store()
              + ": "
              + operation
              + " "
              + where
              + " failed with HTTP "
              + e.getStatusCode()
              + " "
              + code
              + " after "
              + (settings.maxTries() - 1)
              + " retries"
              + context
              + ".",
          e);
    }
    if (t instanceof ClientAuthenticationException) {
      return new IOException(
          store()
              + ": no Azure credentials found for "
              + operation
              + " "
              + where
              + "; tried "
              + settings.credentialSource()
              + ": "
              + firstLine(t.getMessage())
              + ". Log in (`az login`), set"
              + " AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, use workload identity, or set "
              + AzureSettings.CONNECTION_STRING_KEY
              + ".",
          t);
    }
    if (causedBy(t, ConnectException.class) || causedBy(t, UnknownHostException.class)) {
      return new IOException(
          store()
              + ": cannot reach "
              + endpoint
              + " to "
              + operation
              + " "
              + where
              + " after "
              + (settings.maxTries() - 1)
              + " retries ("
              + rootMessage(t)
              + "). Check "
              + AzureSettings.ENDPOINT_KEY
              + " and the network.",
          t);
    }
    return new IOException(
        store() + ": " + operation + " " + where + " failed" + context + ": " + rootMessage(t), t);
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        if (type.isInstance(s)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    return c == t ? m : firstLine(t.getMessage()) + "; cause: " + m;
  }
}
