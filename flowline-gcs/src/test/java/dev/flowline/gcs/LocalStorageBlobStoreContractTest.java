package dev.flowline.gcs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.flowline.datastore.BlobStore;
import dev.flowline.testkit.datastore.BlobStoreContract;
import dev.flowline.testkit.datastore.GeneratedBytes;
import java.io.IOException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import org.junit.jupiter.api.Test;

/**
 * The blob-store contract on google-cloud-nio's in-memory LocalStorageHelper. It has no HTTP, so
 * signed URLs are only generated (with a locally made service account key), never fetched; no
 * standalone GCS emulator can be installed here.
 */
class LocalStorageBlobStoreContractTest extends BlobStoreContract {

  @Override
  protected BlobStore openStore() throws Exception {
    var keys = KeyPairGenerator.getInstance("RSA");
    keys.initialize(2048);
    var credentials =
        ServiceAccountCredentials.newBuilder()
            .setClientEmail("flowline-test@flowline-test.iam.gserviceaccount.com")
            .setPrivateKey((RSAPrivateKey) keys.generateKeyPair().getPrivate())
            .setProjectId("flowline-test")
            .build();
    var storage =
        LocalStorageHelper.getOptions().toBuilder()
            .setCredentials(credentials)
            .build()
            .getService();
    return new GcsBlobStore(
        GcsRoot.parse("gs://flowline/some/prefix"), storage, "a test key", 1 << 20);
  }

  @Override
  protected boolean signedUrlsFetchable() {
    return false;
  }

  /**
   * Replaces the contract's check: LocalStorageHelper's FakeStorageRpc registers an object's
   * metadata as soon as a resumable upload session opens, so {@code exists} sees a never-finalized
   * upload, which real GCS never shows. What holds here too: the session is never finalized, so no
   * byte of it can be read.
   */
  @Test
  @Override
  protected void aProducerThatDiesMidwayLeavesNothingVisible() {
    GeneratedBytes data = new GeneratedBytes(4, largeBlobSize());
    assertThatThrownBy(
            () ->
                store.put(
                    prefix + "partial", data.failingAfter(largeBlobSize() / 2), data.length()))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read(prefix + "partial")).isInstanceOf(IOException.class);
  }

  /** As {@link #aProducerThatDiesMidwayLeavesNothingVisible()}, for a stream of unknown length. */
  @Test
  @Override
  protected void aProducerOfUnknownLengthThatDiesMidwayLeavesNothingVisible() {
    GeneratedBytes data = new GeneratedBytes(5, largeBlobSize());
    assertThatThrownBy(
            () -> store.put(prefix + "partial", data.failingAfter(largeBlobSize() / 2), -1))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> read(prefix + "partial")).isInstanceOf(IOException.class);
  }
}
