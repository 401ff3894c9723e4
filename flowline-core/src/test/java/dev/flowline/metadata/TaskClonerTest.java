package dev.flowline.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.datastore.ArtifactIndex;
import dev.flowline.datastore.ContentStore;
import dev.flowline.datastore.LocalBlobStore;
import dev.flowline.datastore.LogStream;
import dev.flowline.datastore.TaskDatastore;
import dev.flowline.datastore.TaskPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskClonerTest {
  @TempDir Path dir;

  @Test
  void aCloneSharesTheOriginsBlobsAndRecordsItsOrigin() throws IOException {
    var store = new LocalBlobStore(dir);
    var md = MetadataStore.of(store);
    var cas = ContentStore.of(store, "F");
    var origin = new TaskPath("F", "100", "start", "1");
    md.registerTask(origin, Optional.empty(), List.of(), Optional.empty());
    md.startAttempt(origin, 0);
    md.finishAttempt(origin, 0, AttemptStatus.FAILED, Optional.empty());
    md.startAttempt(origin, 1);
    var ds = new TaskDatastore(cas, origin, 1);
    ArtifactIndex index =
        ds.saveArtifacts(ArtifactIndex.empty(), Map.of("big", new byte[100_000], "s", "x"));
    ds.saveLog(LogStream.STDOUT, "hi\n".getBytes(StandardCharsets.UTF_8));
    md.finishAttempt(origin, 1, AttemptStatus.OK, Optional.empty());
    long blobs = countBlobs();

    var target = new TaskPath("F", "200", "start", "5");
    ArtifactIndex cloned = new TaskCloner(cas, md).cloneTask(origin, target, List.of());

    assertThat(cloned).isEqualTo(index);
    assertThat(countBlobs()).isEqualTo(blobs);
    assertThat(md.latestDoneAttempt(target)).contains(0);
    assertThat(md.task(target).orElseThrow().origin()).contains("F/100/start/1");
    var read = new TaskDatastore(cas, target, 0);
    assertThat(read.load("s", getClass().getClassLoader())).isEqualTo("x");
    assertThat(
            new String(
                read.openLog(LogStream.STDOUT).orElseThrow().readAllBytes(),
                StandardCharsets.UTF_8))
        .isEqualTo("hi\n");
  }

  @Test
  void anUnsuccessfulTaskIsNotCloned() throws IOException {
    var store = new LocalBlobStore(dir);
    var md = MetadataStore.of(store);
    var origin = new TaskPath("F", "100", "start", "1");
    md.startAttempt(origin, 0);
    md.finishAttempt(origin, 0, AttemptStatus.FAILED, Optional.empty());
    assertThatThrownBy(
            () ->
                new TaskCloner(ContentStore.of(store, "F"), md)
                    .cloneTask(origin, origin.inRun("200", "1"), List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "task F/100/start/1 cannot be cloned: its latest attempt is failed; only successful tasks are"
                + " cloned, rerun it instead");
  }

  private long countBlobs() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("F/data"))) {
      return files.filter(Files::isRegularFile).count();
    }
  }
}
