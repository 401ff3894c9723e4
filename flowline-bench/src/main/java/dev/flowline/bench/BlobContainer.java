package dev.flowline.bench;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import java.time.OffsetDateTime;

/**
 * Creates a blob container on a test server for the transfer benchmark and prints a container SAS
 * URL (read, write, create, delete; valid 3 hours), with which {@code curl} measures the server
 * without the SDK: {@code BlobContainer CONNECTION NAME}.
 */
public final class BlobContainer {
  private BlobContainer() {}

  /** Creates the container if it is missing and prints its SAS URL. */
  public static void main(String[] args) {
    BlobContainerClient container =
        new BlobServiceClientBuilder()
            .connectionString(args[0])
            .buildClient()
            .getBlobContainerClient(args[1]);
    container.createIfNotExists();
    String sas =
        container.generateSas(
            new BlobServiceSasSignatureValues(
                OffsetDateTime.now().plusHours(3), BlobContainerSasPermission.parse("racwdl")));
    System.out.println(container.getBlobContainerUrl() + "?" + sas);
  }
}
