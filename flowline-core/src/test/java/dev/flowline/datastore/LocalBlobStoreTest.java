package dev.flowline.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest {
  @TempDir Path dir;

  private static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String read(BlobStore store, String key) throws IOException {
    try (InputStream in = store.get(key)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void putThenGetReturnsTheBytes() throws IOException {
    var store = new LocalBlobStore(dir);
    store.put("F/a/b.json", text("hello"), 5);
    assertThat(read(store, "F/a/b.json")).isEqualTo("hello");
    assertThat(Files.readString(dir.resolve("F/a/b.json"))).isEqualTo("hello");
  }

  @Test
  void putReplacesAnExistingBlob() throws IOException {
    var store = new LocalBlobStore(dir);
    store.put("k", text("one"), 3);
    store.put("k", text("two!"), -1);
    assertThat(read(store, "k")).isEqualTo("two!");
  }

  @Test
  void getOfAMissingKeyThrowsBlobNotFound() {
    var store = new LocalBlobStore(dir);
    assertThatThrownBy(() -> store.get("F/missing"))
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessage("no blob at F/missing in " + dir.toAbsolutePath().normalize());
  }

  @Test
  void aWriterThatDiesMidwayLeavesNothingVisible() throws IOException {
    var store = new LocalBlobStore(dir);
    store.put("F/k", text("old"), 3);
    InputStream dying =
        new InputStream() {
          int n;

          @Override
          public int read() throws IOException {
            if (n++ > 100_000) {
              throw new IOException("connection reset");
            }
            return 'x';
          }
        };
    assertThatThrownBy(() -> store.put("F/k", dying, -1)).hasMessage("connection reset");
    assertThatThrownBy(() -> store.put("F/new", dying, -1)).hasMessage("connection reset");
    assertThat(read(store, "F/k")).isEqualTo("old");
    assertThat(store.exists("F/new")).isFalse();
    assertThat(store.list("F/")).containsExactly("F/k");
    try (Stream<Path> files = Files.list(dir.resolve("F"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("k");
    }
  }

  @Test
  void concurrentReadersSeeOnlyWholeBlobsWhileWritersReplaceThem() throws Exception {
    var store = new LocalBlobStore(dir);
    String a = "a".repeat(300_000);
    String b = "b".repeat(200_000);
    store.put("F/k", text(a), a.length());
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var writers = new java.util.ArrayList<java.util.concurrent.Future<?>>();
      for (int w = 0; w < 2; w++) {
        String content = w == 0 ? a : b;
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 30; i++) {
                    store.put("F/k", text(content), content.length());
                  }
                  return null;
                }));
      }
      var reader =
          pool.submit(
              () -> {
                int reads = 0;
                while (writers.stream().anyMatch(f -> !f.isDone()) || reads < 10) {
                  String seen = read(store, "F/k");
                  assertThat(seen.equals(a) || seen.equals(b))
                      .as("whole blob, got %d chars", seen.length())
                      .isTrue();
                  reads++;
                }
                return reads;
              });
      for (var f : writers) {
        f.get();
      }
      assertThat(reader.get()).isGreaterThanOrEqualTo(10);
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.list("F/")).containsExactly("F/k");
  }

  @Test
  void aShortStreamIsRejectedAndNothingStored() throws IOException {
    var store = new LocalBlobStore(dir);
    assertThatThrownBy(() -> store.put("F/k", text("abc"), 10))
        .hasMessageContaining("got 3 bytes but the caller announced 10; nothing was stored");
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void listReturnsSortedKeysUnderAPrefixIncludingPartialNames() throws IOException {
    var store = new LocalBlobStore(dir);
    for (String k : new String[] {"F/1/s/2/x", "F/1/s/1/x", "F/10/s/1/x", "F/2/s/1/x", "G/1"}) {
      store.put(k, text("v"), 1);
    }
    assertThat(store.list("F/1")).containsExactly("F/1/s/1/x", "F/1/s/2/x", "F/10/s/1/x");
    assertThat(store.list("F/1/")).containsExactly("F/1/s/1/x", "F/1/s/2/x");
    assertThat(store.list("")).hasSize(5);
    assertThat(store.list("H/")).isEmpty();
  }

  @Test
  void listSkipsTemporaryFilesOfWritersInProgress() throws IOException {
    var store = new LocalBlobStore(dir);
    store.put("F/k", text("v"), 1);
    Files.writeString(dir.resolve("F/" + LocalBlobStore.TEMP_PREFIX + "k-123"), "partial");
    assertThat(store.list("F/")).containsExactly("F/k");
  }

  @Test
  void deleteRemovesTheBlobAndIgnoresMissingOnes() throws IOException {
    var store = new LocalBlobStore(dir);
    store.put("k", text("v"), 1);
    store.delete("k");
    store.delete("k");
    assertThat(store.exists("k")).isFalse();
  }

  @Test
  void keysThatEscapeTheRootAreRejected() {
    var store = new LocalBlobStore(dir);
    assertThatThrownBy(() -> store.put("../x", text("v"), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid key '../x'");
    assertThatThrownBy(() -> store.get("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void probeCreatesTheRootAndFailsWithTheFixWhenNotWritable() throws IOException {
    new LocalBlobStore(dir.resolve("new/root")).probe();
    assertThat(dir.resolve("new/root")).isDirectory();
    Files.writeString(dir.resolve("file"), "x");
    assertThatThrownBy(() -> new LocalBlobStore(dir.resolve("file/sub")).probe())
        .hasMessageContaining("is not writable")
        .hasMessageContaining("METAFLOW_DATASTORE_SYSROOT_LOCAL");
  }
}
