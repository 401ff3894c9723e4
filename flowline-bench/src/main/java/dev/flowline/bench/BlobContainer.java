package dev.flowline.bench;

import com.azure.storage.blob.BlobServiceClientBuilder;

/**
 * Creates a blob container on a test server for the transfer benchmark: {@code BlobContainer
 * CONNECTION NAME}.
 */
public final class BlobContainer {
  private BlobContainer() {}

  /** Creates the container if it is missing. */
  public static void main(String[] args) {
    new BlobServiceClientBuilder()
        .connectionString(args[0])
        .buildClient()
        .createBlobContainerIfNotExists(args[1]);
  }
}
