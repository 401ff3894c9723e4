package dev.flowline.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.datastore.serde.ArtifactSerializationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskDatastoreTest {
  @TempDir Path dir;

  private static final TaskPath START = new TaskPath("HelloFlow", "100", "start", "1");
  private static final TaskPath NEXT = new TaskPath("HelloFlow", "100", "next", "2");

  private ContentStore cas() {
    return ContentStore.of(new LocalBlobStore(dir.resolve("store")), "HelloFlow");
  }

  private static final ClassLoader LOADER = TaskDatastoreTest.class.getClassLoader();

  @Test
  void savedArtifactsLoadByNameFromANewInstance() throws IOException {
    var cas = cas();
    new TaskDatastore(cas, START, 0)
        .saveArtifacts(ArtifactIndex.empty(), Map.of("greeting", "hi", "n", 42));
    var read = new TaskDatastore(cas, START, 0);
    assertThat(read.index().names()).containsExactly("greeting", "n");
    assertThat(read.load("greeting", LOADER)).isEqualTo("hi");
    assertThat(read.load("n", LOADER)).isEqualTo(42);
    assertThat(read.index().get("n").type()).isEqualTo("java.lang.Integer");
  }

  @Test
  void theNextStepInheritsReferencesAndOverridesChangedValues() throws IOException {
    var cas = cas();
    ArtifactIndex parent =
        new TaskDatastore(cas, START, 0)
            .saveArtifacts(ArtifactIndex.empty(), Map.of("a", "x", "b", "y"));
    ArtifactIndex child = new TaskDatastore(cas, NEXT, 0).saveArtifacts(parent, Map.of("b", "z"));
    assertThat(child.get("a")).isEqualTo(parent.get("a"));
    assertThat(new TaskDatastore(cas, NEXT, 0).load("b", LOADER)).isEqualTo("z");
  }

  @Test
  void everyUnstorableValueIsNamedAndNoIndexIsWritten() throws IOException {
    var cas = cas();
    var values = new LinkedHashMap<String, Object>();
    values.put("ok", "fine");
    values.put("thread", new Thread());
    values.put("lock", new Object());
    var task = new TaskDatastore(cas, START, 0);
    assertThatThrownBy(() -> task.saveArtifacts(ArtifactIndex.empty(), values))
        .isInstanceOf(ArtifactSerializationException.class)
        .hasMessageStartingWith(
            "2 artifacts of task HelloFlow/100/start/1 cannot be stored: artifact 'thread'"
                + " of type java.lang.Thread cannot be stored")
        .hasMessageContaining("artifact 'lock' of type java.lang.Object cannot be stored");
    assertThat(task.hasIndex()).isFalse();
  }

  @Test
  void manyArtifactsAreSavedTogetherAndAllReadBack() throws IOException {
    var cas = cas();
    var values = new LinkedHashMap<String, Object>();
    for (int i = 0; i < 25; i++) {
      values.put("a" + i, "value " + i);
    }
    ArtifactIndex index =
        new TaskDatastore(cas, START, 0).saveArtifacts(ArtifactIndex.empty(), values);
    assertThat(index.names()).hasSize(25);
    var read = new TaskDatastore(cas, START, 0);
    for (int i = 0; i < 25; i++) {
      assertThat(read.load("a" + i, LOADER)).isEqualTo("value " + i);
    }
  }

  /** A local store whose uploads fail. */
  static final class FailingStore implements BlobStore {
    private final LocalBlobStore inner;

    FailingStore(LocalBlobStore inner) {
      this.inner = inner;
    }

    @Override
    public String kind() {
      return "failing";
    }

    @Override
    public String root() {
      return inner.root();
    }

    @Override
    public void put(String key, InputStream data, long length) throws IOException {
      throw new IOException("failing store: put " + key + " refused (503 Slow Down)");
    }

    @Override
    public InputStream get(String key) throws IOException {
      return inner.get(key);
    }

    @Override
    public boolean exists(String key) throws IOException {
      return inner.exists(key);
    }

    @Override
    public java.util.List<String> list(String prefix) throws IOException {
      return inner.list(prefix);
    }

    @Override
    public void delete(String key) throws IOException {
      inner.delete(key);
    }

    @Override
    public void probe() {}

    @Override
    public void close() {}
  }

  @Test
  void aStoreFailureFailsTheSaveWithTheStoresMessageAndWritesNoIndex() {
    var store = new FailingStore(new LocalBlobStore(dir.resolve("store")));
    var task = new TaskDatastore(ContentStore.of(store, "HelloFlow"), START, 0);
    assertThatThrownBy(() -> task.saveArtifacts(ArtifactIndex.empty(), Map.of("a", "x", "b", "y")))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("failing store: put HelloFlow/data/");
    assertThat(dir.resolve("store/HelloFlow/100/start/1/0.data.json")).doesNotExist();
  }

  @Test
  void anUnknownArtifactNameListsTheKnownOnes() throws IOException {
    var cas = cas();
    new TaskDatastore(cas, START, 0).saveArtifacts(ArtifactIndex.empty(), Map.of("a", 1));
    assertThatThrownBy(() -> new TaskDatastore(cas, START, 0).load("b", LOADER))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no artifact 'b'; the artifacts are [a]");
  }

  @Test
  void lazyArtifactsLoadOnFirstAccessOnly() throws IOException {
    var cas = cas();
    new TaskDatastore(cas, START, 0)
        .saveArtifacts(ArtifactIndex.empty(), Map.of("a", List.of(1, 2), "b", "x"));
    LazyArtifacts lazy = new TaskDatastore(cas, START, 0).lazy(LOADER);
    assertThat(lazy.isLoaded("a")).isFalse();
    Object first = lazy.get("a");
    assertThat(first).isEqualTo(List.of(1, 2));
    assertThat(lazy.get("a")).isSameAs(first);
    assertThat(lazy.isLoaded("b")).isFalse();
  }

  @Test
  void logsAreSavedPerAttemptAndReplacedByLongerPartialLogs() throws IOException {
    var cas = cas();
    var task = new TaskDatastore(cas, START, 1);
    task.saveLog(LogStream.STDOUT, "line 1\n".getBytes(StandardCharsets.UTF_8));
    Path file = dir.resolve("out.log");
    Files.writeString(file, "line 1\nline 2\n");
    task.saveLog(LogStream.STDOUT, file);
    try (InputStream in = task.openLog(LogStream.STDOUT).orElseThrow()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("line 1\nline 2\n");
    }
    assertThat(task.openLog(LogStream.STDERR)).isEmpty();
    assertThat(new TaskDatastore(cas, START, 0).openLog(LogStream.STDOUT)).isEmpty();
    assertThat(cas.blobStore().exists("HelloFlow/100/start/1/1.stdout.log")).isTrue();
  }

  @Test
  void aTaskOfAnotherFlowIsRejected() {
    assertThatThrownBy(() -> new TaskDatastore(cas(), new TaskPath("Other", "1", "s", "1"), 0))
        .hasMessage("task Other/1/s/1 is not of flow HelloFlow, the flow of the content store");
  }
}
