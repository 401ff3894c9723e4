package dev.flowline.datastore.cas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.ContentStore;
import dev.flowline.datastore.LocalBlobStore;
import dev.flowline.datastore.StoreLayout;
import dev.flowline.datastore.serde.ArtifactSerializationException;
import dev.flowline.datastore.serde.Serializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
  @TempDir Path dir;
  private static final ClassLoader LOADER = ContentStoreTest.class.getClassLoader();

  private LocalBlobStore blobs() {
    return new LocalBlobStore(dir.resolve("store"));
  }

  private ContentStore cas(BlobStore store) {
    return new ContentStore(
        store, "F", Serializers.defaults(), dir.resolve("tmp"), ContentStore.DEFAULT_LEVEL);
  }

  private Path blobFile(ArtifactRef ref) {
    return dir.resolve("store").resolve(StoreLayout.blob("F", ref.sha()));
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(7).nextBytes(b);
    return b;
  }

  @Test
  void aValueRoundTripsAndIsKeyedByTheSha256OfItsBytes() throws Exception {
    var cas = cas(blobs());
    ArtifactRef ref = cas.save("greeting", "hello");
    // sha256("hello")
    assertThat(ref.sha())
        .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    assertThat(ref).isEqualTo(new ArtifactRef(ref.sha(), "java.lang.String", "utf8-v1", 5));
    assertThat(cas.load("greeting", ref, LOADER)).isEqualTo("hello");
    assertThat(blobFile(ref)).exists();
  }

  @Test
  void equalValuesAreUploadedOnce() throws IOException {
    var recording = new ArrayList<String>();
    var wrapper = new CountingStore(blobs(), recording);
    var cas = cas(wrapper);
    ArtifactRef a = cas.save("a", List.of("x", "y"));
    ArtifactRef b = cas.save("b", List.of("x", "y"));
    assertThat(a).isEqualTo(b);
    assertThat(recording).containsExactly(StoreLayout.blob("F", a.sha()));
  }

  @Test
  void compressibleContentIsDeflatedAndIncompressibleStoredRaw() throws IOException {
    var cas = cas(blobs());
    byte[] zeros = new byte[1_000_000];
    ArtifactRef z = cas.save("zeros", zeros);
    assertThat(Files.size(blobFile(z))).isLessThan(10_000);
    assertThat(Files.readAllBytes(blobFile(z))[4]).isEqualTo((byte) 1);
    byte[] noise = random(1_000_000);
    ArtifactRef n = cas.save("noise", noise);
    assertThat(Files.size(blobFile(n))).isEqualTo(1_000_000 + BlobFormat.HEADER_SIZE);
    assertThat(Files.readAllBytes(blobFile(n))[4]).isEqualTo((byte) 0);
    assertThat((byte[]) cas.load("zeros", z, LOADER)).isEqualTo(zeros);
    assertThat((byte[]) cas.load("noise", n, LOADER)).isEqualTo(noise);
  }

  @Test
  void aFlippedByteInARawBlobIsCaught() throws IOException {
    var cas = cas(blobs());
    ArtifactRef ref = cas.save("noise", random(200_000));
    byte[] blob = Files.readAllBytes(blobFile(ref));
    blob[100_000] ^= 1;
    Files.write(blobFile(ref), blob);
    assertThatThrownBy(() -> cas.load("noise", ref, LOADER))
        .isInstanceOf(CorruptBlobException.class)
        .hasMessageStartingWith(
            "artifact 'noise': blob F/data/" + ref.sha().substring(0, 2) + "/" + ref.sha())
        .hasMessageContaining("is corrupt: its content's CRC32C is");
  }

  @Test
  void aBlobOfFormatVersion1IsReadAndCheckedAgainstItsKey() throws IOException {
    var cas = cas(blobs());
    byte[] content = random(100_000);
    ArtifactRef ref = cas.save("noise", content);
    byte[] v2 = Files.readAllBytes(blobFile(ref));
    assertThat(v2).startsWith('F', 'L', 'B', '2');
    // the same content in the version-1 layout: "FLB1", codec, length, body (no checksum)
    byte[] v1 = new byte[BlobFormat.V1_HEADER_SIZE + content.length];
    System.arraycopy(v2, 0, v1, 0, BlobFormat.V1_HEADER_SIZE);
    v1[3] = '1';
    System.arraycopy(
        v2,
        BlobFormat.HEADER_SIZE,
        v1,
        BlobFormat.V1_HEADER_SIZE,
        v2.length - BlobFormat.HEADER_SIZE);
    Files.write(blobFile(ref), v1);
    assertThat((byte[]) cas.load("noise", ref, LOADER)).isEqualTo(content);

    v1[BlobFormat.V1_HEADER_SIZE + 5_000] ^= 1;
    Files.write(blobFile(ref), v1);
    assertThatThrownBy(() -> cas.load("noise", ref, LOADER))
        .isInstanceOf(CorruptBlobException.class)
        .hasMessageContaining("is corrupt: its content hashes to");
  }

  @Test
  void aDamagedChecksumInTheHeaderIsCaught() throws IOException {
    var cas = cas(blobs());
    ArtifactRef ref = cas.save("noise", random(1_000));
    byte[] blob = Files.readAllBytes(blobFile(ref));
    blob[15] ^= 0x10;
    Files.write(blobFile(ref), blob);
    assertThatThrownBy(() -> cas.load("noise", ref, LOADER))
        .isInstanceOf(CorruptBlobException.class)
        .hasMessageContaining("is corrupt: its content's CRC32C is");
  }

  @Test
  void aDamagedCompressedBlobIsCaught() throws IOException {
    var cas = cas(blobs());
    ArtifactRef ref =
        cas.save("list", new ArrayList<>(java.util.Collections.nCopies(10_000, "abc")));
    byte[] blob = Files.readAllBytes(blobFile(ref));
    for (int i = 20; i < 40; i++) {
      blob[i] ^= 0x55;
    }
    Files.write(blobFile(ref), blob);
    assertThatThrownBy(() -> cas.load("list", ref, LOADER))
        .isInstanceOf(CorruptBlobException.class)
        .hasMessageContaining("artifact 'list'")
        .hasMessageContaining("is corrupt");
  }

  @Test
  void aTruncatedBlobIsCaught() throws IOException {
    var cas = cas(blobs());
    ArtifactRef ref = cas.save("noise", random(100_000));
    byte[] blob = Files.readAllBytes(blobFile(ref));
    Files.write(blobFile(ref), java.util.Arrays.copyOf(blob, 50_000));
    assertThatThrownBy(() -> cas.load("noise", ref, LOADER))
        .isInstanceOf(CorruptBlobException.class)
        .hasMessageContaining("is corrupt: it ends after");
  }

  @Test
  void aBlobThatIsNotAFlowlineBlobIsCaught() throws IOException {
    var cas = cas(blobs());
    ArtifactRef ref = cas.save("s", "some text here");
    Files.writeString(blobFile(ref), "garbage that is long enough");
    assertThatThrownBy(() -> cas.load("s", ref, LOADER))
        .isInstanceOf(CorruptBlobException.class)
        .hasMessageContaining("is not a Flowline blob header");
  }

  static final class Holder implements Serializable {
    private static final long serialVersionUID = 1L;
    final Object inner = new Object();
  }

  @Test
  void aValueThatCannotBeSerializedNamesTheArtifactItsTypeAndTheFix() {
    var cas = cas(blobs());
    assertThatThrownBy(() -> cas.save("model", new Object()))
        .isInstanceOf(ArtifactSerializationException.class)
        .hasMessage(
            "artifact 'model' of type java.lang.Object cannot be stored: no serializer handles it and"
                + " java.lang.Object is not java.io.Serializable. Make the type (and every type it holds)"
                + " implement java.io.Serializable, mark the field transient if it need not be saved, or"
                + " register an ArtifactSerializer for it"
                + " (META-INF/services/dev.flowline.datastore.serde.ArtifactSerializer).");
    assertThatThrownBy(() -> cas.save("holder", new Holder()))
        .isInstanceOf(ArtifactSerializationException.class)
        .hasMessageStartingWith(
            "artifact 'holder' of type dev.flowline.datastore.cas.ContentStoreTest$Holder cannot be stored: it"
                + " holds a value of type java.lang.Object, which is not java.io.Serializable.");
  }

  @Test
  void emptyAndNullValuesRoundTrip() throws IOException {
    var cas = cas(blobs());
    assertThat((byte[]) cas.load("b", cas.save("b", new byte[0]), LOADER)).isEmpty();
    assertThat(cas.load("s", cas.save("s", ""), LOADER)).isEqualTo("");
    ArtifactRef nullRef = cas.save("n", null);
    assertThat(nullRef.type()).isEqualTo("null");
    assertThat(cas.load("n", nullRef, LOADER)).isNull();
  }

  @Test
  void aFlowObjectIsNamedAsSuch() {
    var cas = cas(blobs());
    assertThatThrownBy(() -> cas.save("self", new dev.flowline.FlowSpec() {}))
        .isInstanceOf(ArtifactSerializationException.class)
        .hasMessageContaining(
            "cannot be stored: a flow object cannot be an artifact; store the values you need"
                + " from it instead.");
  }

  @Test
  void aValueOfAnEncodingNoSerializerReadsIsNamedWithTheFix() throws IOException {
    var cas = cas(blobs());
    ArtifactRef ref = cas.save("p", "x");
    var unknown = new ArtifactRef(ref.sha(), "com.example.Point", "point-v9", ref.size());
    assertThatThrownBy(() -> cas.load("p", unknown, LOADER))
        .hasMessageStartingWith(
            "artifact 'p' was written with encoding 'point-v9', which no serializer on the"
                + " class path reads (known: [bytes-v1, utf8-v1, primitive-array-v1, java-serialization-v1]).");
  }

  @Test
  void noTemporaryFilesAreLeftBehind() throws IOException {
    var cas = cas(blobs());
    cas.save("a", "x");
    assertThatThrownBy(() -> cas.save("h", new Holder())).isInstanceOf(IOException.class);
    try (var files = Files.list(dir.resolve("tmp"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void theVerifiedStreamYieldsTheContent() throws IOException {
    var cas = cas(blobs());
    byte[] data = random(300_000);
    ArtifactRef ref = cas.save("d", data);
    try (InputStream in = cas.open("d", ref)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void aLargeBlobOfARemoteStoreIsDownloadedToAFileFirstAndTheFileRemoved() throws IOException {
    var calls = new ArrayList<String>();
    var remote =
        new CountingStore(blobs(), calls); // not a LocalBlobStore: stands for a cloud store
    var cas = cas(remote);
    byte[] big = random((int) ContentStore.PARALLEL_DOWNLOAD_MIN + 1);
    ArtifactRef bigRef = cas.save("big", big);
    ArtifactRef smallRef = cas.save("small", "small");
    calls.clear();
    assertThat((byte[]) cas.load("big", bigRef, LOADER)).isEqualTo(big);
    assertThat(cas.load("small", smallRef, LOADER)).isEqualTo("small");
    assertThat(calls)
        .containsExactly(
            "get-to-file " + StoreLayout.blob("F", bigRef.sha()),
            "get " + StoreLayout.blob("F", smallRef.sha()));
    try (var files = Files.list(dir.resolve("tmp"))) {
      assertThat(files).isEmpty();
    }
  }

  /** Records keys written and read. */
  static final class CountingStore implements BlobStore {
    private final BlobStore inner;
    private final List<String> puts;

    CountingStore(BlobStore inner, List<String> puts) {
      this.inner = inner;
      this.puts = puts;
    }

    @Override
    public String kind() {
      return inner.kind();
    }

    @Override
    public String root() {
      return inner.root();
    }

    @Override
    public void put(String key, InputStream data, long length) throws IOException {
      puts.add(key);
      inner.put(key, data, length);
    }

    @Override
    public void put(String key, Path file) throws IOException {
      puts.add(key);
      inner.put(key, file);
    }

    @Override
    public InputStream get(String key) throws IOException {
      puts.add("get " + key);
      return inner.get(key);
    }

    @Override
    public void get(String key, Path target) throws IOException {
      puts.add("get-to-file " + key);
      try (InputStream in = inner.get(key)) {
        Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }

    @Override
    public boolean exists(String key) throws IOException {
      return inner.exists(key);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
      return inner.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
      inner.delete(key);
    }

    @Override
    public void probe() throws IOException {
      inner.probe();
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }
}
