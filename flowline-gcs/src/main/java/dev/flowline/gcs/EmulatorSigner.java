package dev.flowline.gcs;

import com.google.auth.oauth2.ServiceAccountCredentials;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;

/**
 * Signs read URLs for a Cloud Storage emulator: emulators check no signature, and the store talks
 * to them without credentials, so a key made once per JVM signs (the URL has the form Cloud Storage
 * expects; only the emulator can use it).
 */
enum EmulatorSigner {
  INSTANCE;

  private volatile ServiceAccountCredentials credentials;

  ServiceAccountCredentials credentials() {
    var c = credentials;
    if (c == null) {
      synchronized (this) {
        if (credentials == null) {
          try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            credentials =
                ServiceAccountCredentials.newBuilder()
                    .setClientEmail("flowline@emulator.invalid")
                    .setClientId("flowline-emulator")
                    .setPrivateKey(generator.generateKeyPair().getPrivate())
                    .build();
          } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no RSA key generator", e);
          }
        }
        c = credentials;
      }
    }
    return c;
  }
}
