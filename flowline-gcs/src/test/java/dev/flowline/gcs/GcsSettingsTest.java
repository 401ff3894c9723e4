package dev.flowline.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.flowline.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roots, credential files and signing failures of the GCS store (no network is touched). */
class GcsSettingsTest {
  @TempDir Path tmp;

  @Test
  void rootsAreParsedAndMalformedOnesNamed() throws IOException {
    assertThat(GcsRoot.parse("gs://bucket/a/b")).isEqualTo(new GcsRoot("bucket", "a/b/"));
    assertThat(GcsRoot.parse("gs://bucket").url()).isEqualTo("gs://bucket");
    assertThatThrownBy(() -> GcsRoot.parse("s3://bucket/x"))
        .hasMessage(
            "METAFLOW_DATASTORE_SYSROOT_GS: value \"s3://bucket/x\" is not a Cloud Storage URL (it must"
                + " start with gs://). Use e.g. gs://my-bucket/metaflow.");
    assertThatThrownBy(() -> GcsRoot.parse("gs://B/x")).hasMessageContaining("bucket \"B\"");
    assertThatThrownBy(() -> GcsRoot.parse(null))
        .hasMessageStartingWith("METAFLOW_DATASTORE_SYSROOT_GS is not set");
  }

  @Test
  void anEmulatorHostSendsRequestsThereWithoutCredentials() throws IOException {
    Map<String, String> env =
        Map.of(
            "METAFLOW_DATASTORE_SYSROOT_GS", "gs://bucket/x",
            "STORAGE_EMULATOR_HOST", "127.0.0.1:4443",
            "METAFLOW_HOME", tmp.resolve("home").toString());
    var settings = GcsSettings.from(Config.load(env, tmp));
    assertThat(settings.emulator()).contains(java.net.URI.create("http://127.0.0.1:4443"));
    assertThat(settings.options().getHost()).isEqualTo("http://127.0.0.1:4443");
    assertThat(settings.credentialSource())
        .isEqualTo(
            "the Cloud Storage emulator at http://127.0.0.1:4443 (STORAGE_EMULATOR_HOST), without"
                + " credentials");
    // a signed URL is made for the emulator's host, offline
    try (var store = new GcsBlobStore(settings)) {
      var url = store.signedReadUrl("a/b", Duration.ofMinutes(5)).orElseThrow();
      assertThat(url.toString())
          .startsWith("http://127.0.0.1:4443/bucket/x/a/b?")
          .contains("X-Goog-Signature=");
    }
  }

  @Test
  void aMalformedEmulatorHostIsNamed() {
    Map<String, String> env =
        Map.of(
            "METAFLOW_DATASTORE_SYSROOT_GS", "gs://bucket/x",
            "STORAGE_EMULATOR_HOST", "http://",
            "METAFLOW_HOME", tmp.resolve("home").toString());
    assertThatThrownBy(() -> GcsSettings.from(Config.load(env, tmp)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "gs datastore gs://bucket/x: STORAGE_EMULATOR_HOST \"http://\" is not a host and port");
  }

  @Test
  void unreadableKeyFileIsNamedWithTheFix() {
    Map<String, String> env =
        Map.of(
            "METAFLOW_DATASTORE_SYSROOT_GS", "gs://bucket/x",
            "GOOGLE_APPLICATION_CREDENTIALS", tmp.resolve("missing.json").toString(),
            "METAFLOW_HOME", tmp.resolve("home").toString());
    assertThatThrownBy(() -> new GcsBlobStoreProvider().open(Config.load(env, tmp)))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(
            "gs datastore gs://bucket/x: cannot load credentials from the key file "
                + tmp.resolve("missing.json")
                + " (GOOGLE_APPLICATION_CREDENTIALS)")
        .hasMessageContaining(
            "Point GOOGLE_APPLICATION_CREDENTIALS at a readable service account JSON key");
  }

  @Test
  void malformedKeyFileIsNamed() throws IOException {
    Path key = Files.writeString(tmp.resolve("key.json"), "{\"type\": \"service_account\"}");
    Map<String, String> env =
        Map.of(
            "METAFLOW_DATASTORE_SYSROOT_GS", "gs://bucket/x",
            "GOOGLE_APPLICATION_CREDENTIALS", key.toString(),
            "METAFLOW_HOME", tmp.resolve("home").toString());
    assertThatThrownBy(() -> new GcsBlobStoreProvider().open(Config.load(env, tmp)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot load credentials from the key file " + key);
  }

  @Test
  void credentialsThatCannotSignAreNamed() throws IOException {
    var token = GoogleCredentials.create(new AccessToken("token", null));
    var storage =
        LocalStorageHelper.getOptions().toBuilder().setCredentials(token).build().getService();
    try (var store =
        new GcsBlobStore(GcsRoot.parse("gs://bucket/x"), storage, "a user token", 1 << 20)) {
      assertThatThrownBy(() -> store.signedReadUrl("code.tgz", Duration.ofMinutes(5)))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(
              "gs datastore gs://bucket/x: cannot sign a read URL for code.tgz: the credentials"
                  + " cannot sign")
          .hasMessageContaining("roles/iam.serviceAccountTokenCreator");
    }
  }
}
