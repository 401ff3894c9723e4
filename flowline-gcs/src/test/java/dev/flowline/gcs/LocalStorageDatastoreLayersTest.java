package dev.flowline.gcs;

import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.flowline.datastore.BlobStore;
import dev.flowline.testkit.datastore.DatastoreLayersContract;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;

/**
 * Flowline's artifacts, metadata and client on GCS (google-cloud-nio's in-memory
 * LocalStorageHelper).
 */
class LocalStorageDatastoreLayersTest extends DatastoreLayersContract {
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
    return new GcsBlobStore(GcsRoot.parse("gs://flowline/layers"), storage, "a test key", 1 << 20);
  }
}
