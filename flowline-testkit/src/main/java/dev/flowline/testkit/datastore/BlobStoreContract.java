package dev.flowline.testkit.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.datastore.BlobNotFoundException;
import dev.flowline.datastore.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link BlobStore} must have, as one suite that each implementation runs
 * against a real (or emulated) server: extend it, start the server in {@code @BeforeAll}, and
 * return a store over it from {@link #openStore()}. Each test works under its own random key
 * prefix, so tests of one class may share a bucket or container.
 */
public abstract class BlobStoreContract {

  /** The store under test, opened before each test and closed after it. */
  protected BlobStore store;

  /** The random key prefix of the current test, ending in {@code /}. */
  protected String prefix;

  @TempDir Path tmp;

  /** Opens a store over the server under test; called before each test. */
  protected abstract BlobStore openStore() throws Exception;

  /**
   * The size of the "large" blob, chosen above the store's multipart or block threshold so the
   * parallel path is taken; 24 MiB unless overridden.
   */
  protected long largeBlobSize() {
    return 24L << 20;
  }

  /**
   * Whether a signed URL from this store can be fetched over HTTP here; false where the server is
   * in-process without HTTP (GCS LocalStorageHelper), so only its shape is checked.
   */
  protected boolean signedUrlsFetchable() {
    return true;
  }

  @BeforeEach
  void openStoreUnderTest() throws Exception {
    store = openStore();
    prefix = "contract-" + UUID.randomUUID() + "/";
  }

  @AfterEach
  void closeStoreUnderTest() throws Exception {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void putThenGetReturnsTheSameBytes() throws IOException {
    put(prefix + "Flow/data/ab/abc", "hello world");
    assertThat(read(prefix + "Flow/data/ab/abc")).isEqualTo("hello world");
  }

  @Test
  void emptyBlobRoundTrips() throws IOException {
    store.put(prefix + "empty", new ByteArrayInputStream(new byte[0]), 0);
    assertThat(store.exists(prefix + "empty")).isTrue();
    assertThat(read(prefix + "empty")).isEmpty();
  }

  @Test
  void largeBlobOfKnownLengthStreamsBothWays() throws IOException {
    GeneratedBytes data = new GeneratedBytes(1, largeBlobSize());
    try (InputStream in = data.stream()) {
      store.put(prefix + "large", in, data.length());
    }
    try (InputStream in = store.get(prefix + "large")) {
      assertThat(GeneratedBytes.sha256(in)).isEqualTo(data.sha256());
    }
  }

  @Test
  void largeBlobOfUnknownLengthIsStoredWhole() throws IOException {
    GeneratedBytes data = new GeneratedBytes(2, largeBlobSize() + 12345);
    try (InputStream in = data.stream()) {
      store.put(prefix + "unknown-length", in, -1);
    }
    try (InputStream in = store.get(prefix + "unknown-length")) {
      assertThat(GeneratedBytes.sha256(in)).isEqualTo(data.sha256());
    }
  }

  @Test
  void fileUploadAndDownloadKeepTheContent() throws IOException {
    GeneratedBytes data = new GeneratedBytes(3, largeBlobSize() + 7);
    Path source = data.writeTo(tmp.resolve("source.bin"));
    store.put(prefix + "file", source);
    Path target = tmp.resolve("target.bin");
    Files.writeString(target, "old content that must be replaced");
    store.get(prefix + "file", target);
    assertThat(Files.size(target)).isEqualTo(data.length());
    assertThat(GeneratedBytes.sha256(target)).isEqualTo(data.sha256());
  }

  @Test
  void downloadOfMissingBlobThrowsNotFound() {
    assertThatThrownBy(() -> store.get(prefix + "missing", tmp.resolve("never")))
        .isInstanceOf(BlobNotFoundException.class);
  }

  @Test
  void putReplacesAnExistingBlob() throws IOException {
    put(prefix + "k", "first");
    put(prefix + "k", "second, longer");
    assertThat(read(prefix + "k")).isEqualTo("second, longer");
  }

  @Test
  void getOfMissingBlobThrowsNotFoundNamingTheKey() {
    assertThatThrownBy(() -> store.get(prefix + "no/such/key").close())
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining(prefix + "no/such/key");
  }

  @Test
  void existsTellsWhetherABlobIsThere() throws IOException {
    put(prefix + "there", "x");
    assertThat(store.exists(prefix + "there")).isTrue();
    assertThat(store.exists(prefix + "not-there")).isFalse();
    assertThat(store.exists(prefix + "ther")).isFalse();
  }

  @Test
  void listReturnsSortedKeysUnderThePrefixOnly() throws IOException {
    put(prefix + "b/2", "x");
    put(prefix + "a/1", "x");
    put(prefix + "a/sub/3", "x");
    put(prefix + "ab", "x");
    assertThat(store.list(prefix + "a/")).containsExactly(prefix + "a/1", prefix + "a/sub/3");
    assertThat(store.list(prefix))
        .containsExactly(prefix + "a/1", prefix + "a/sub/3", prefix + "ab", prefix + "b/2");
    assertThat(store.list(prefix + "nothing/")).isEmpty();
  }

  @Test
  void deleteRemovesTheBlobAndIgnoresMissingOnes() throws IOException {
    put(prefix + "gone", "x");
    store.delete(prefix + "gone");
    assertThat(store.exists(prefix + "gone")).isFalse();
    assertThat(store.list(prefix)).isEmpty();
    store.delete(prefix + "never-was");
  }

  @Test
  protected void aProducerThatDiesMidwayLeavesNothingVisible() {
    GeneratedBytes data = new GeneratedBytes(4, largeBlobSize());
    long failAt = largeBlobSize() / 2 + 1;
    assertThatThrownBy(
            () -> store.put(prefix + "partial", data.failingAfter(failAt), data.length()))
        .isInstanceOf(IOException.class);
    assertNothingVisibleAt(prefix + "partial");
  }

  @Test
  protected void aProducerOfUnknownLengthThatDiesMidwayLeavesNothingVisible() {
    GeneratedBytes data = new GeneratedBytes(5, largeBlobSize());
    assertThatThrownBy(
            () -> store.put(prefix + "partial", data.failingAfter(largeBlobSize() / 2), -1))
        .isInstanceOf(IOException.class);
    assertNothingVisibleAt(prefix + "partial");
  }

  @Test
  void aSmallProducerThatDiesLeavesNothingVisible() {
    GeneratedBytes data = new GeneratedBytes(6, 1000);
    assertThatThrownBy(() -> store.put(prefix + "partial", data.failingAfter(10), data.length()))
        .isInstanceOf(IOException.class);
    assertNothingVisibleAt(prefix + "partial");
  }

  @Test
  void aStreamShorterThanItsDeclaredLengthIsRejected() {
    byte[] tenBytes = "0123456789".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> store.put(prefix + "short", new ByteArrayInputStream(tenBytes), 20))
        .isInstanceOf(IOException.class);
    assertNothingVisibleAt(prefix + "short");
  }

  @Test
  protected void aFailedOverwriteKeepsTheOldBlob() throws IOException {
    put(prefix + "keep", "old value");
    GeneratedBytes data = new GeneratedBytes(7, largeBlobSize());
    assertThatThrownBy(() -> store.put(prefix + "keep", data.failingAfter(1 << 20), data.length()))
        .isInstanceOf(IOException.class);
    assertThat(read(prefix + "keep")).isEqualTo("old value");
  }

  @Test
  void closingAStreamEarlyDoesNotReadTheRest() throws IOException {
    GeneratedBytes data = new GeneratedBytes(8, largeBlobSize());
    try (InputStream in = data.stream()) {
      store.put(prefix + "big", in, data.length());
    }
    byte[] head = new byte[16];
    try (InputStream in = store.get(prefix + "big")) {
      assertThat(in.readNBytes(head, 0, 16)).isEqualTo(16);
    }
    byte[] expected = new byte[16];
    try (InputStream in = data.stream()) {
      in.readNBytes(expected, 0, 16);
    }
    assertThat(head).isEqualTo(expected);
  }

  @Test
  void signedReadUrlServesTheBlob() throws Exception {
    put(prefix + "signed/blob.txt", "signed content");
    Optional<URI> url = store.signedReadUrl(prefix + "signed/blob.txt", Duration.ofMinutes(5));
    if (store.kind().equals("local")) {
      assertThat(url).isEmpty();
      return;
    }
    assertThat(url).isPresent();
    if (!signedUrlsFetchable()) {
      assertThat(url.get().getScheme()).isIn("http", "https");
      return;
    }
    HttpResponse<String> response = fetch(url.get());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("signed content");
  }

  @Test
  void probeAcceptsAWorkingRoot() throws IOException {
    store.probe();
  }

  @Test
  void rootAndKindAreSet() {
    assertThat(store.kind()).isIn("local", "s3", "azure", "gs");
    assertThat(store.root()).isNotBlank();
  }

  /** Stores a UTF-8 string. */
  protected void put(String key, String value) throws IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    store.put(key, new ByteArrayInputStream(bytes), bytes.length);
  }

  /** Reads a blob as a UTF-8 string. */
  protected String read(String key) throws IOException {
    try (InputStream in = store.get(key)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** GETs a URL with the JDK's HTTP client, as a pod's bootstrap would. */
  protected static HttpResponse<String> fetch(URI url) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    return http.send(
        HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void assertNothingVisibleAt(String key) {
    try {
      assertThat(store.exists(key)).as("a blob is visible at %s after a failed put", key).isFalse();
      assertThat(store.list(prefix)).doesNotContain(key);
      assertThatThrownBy(() -> store.get(key).close()).isInstanceOf(BlobNotFoundException.class);
    } catch (IOException e) {
      throw new AssertionError("store failed while checking " + key, e);
    }
  }

  /** The keys under the current test's prefix. */
  protected List<String> keys() throws IOException {
    return store.list(prefix);
  }
}
