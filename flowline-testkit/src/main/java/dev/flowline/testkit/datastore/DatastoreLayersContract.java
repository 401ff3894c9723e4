package dev.flowline.testkit.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Run;
import dev.flowline.datastore.ArtifactIndex;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.ContentStore;
import dev.flowline.datastore.LogStream;
import dev.flowline.datastore.StoreLayout;
import dev.flowline.datastore.TaskDatastore;
import dev.flowline.datastore.TaskPath;
import dev.flowline.datastore.cas.ArtifactRef;
import dev.flowline.datastore.cas.CorruptBlobException;
import dev.flowline.datastore.serde.Serializers;
import dev.flowline.metadata.AttemptStatus;
import dev.flowline.metadata.MetadataStore;
import dev.flowline.metadata.NewRun;
import dev.flowline.metadata.RunStatus;
import dev.flowline.metadata.RunSummary;
import dev.flowline.metadata.TaskCloner;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flowline's own layers - content-addressed artifacts, task data, metadata and the client - on a
 * {@link BlobStore}: what a run on Kubernetes writes to S3, Azure or GCS must read back the same as
 * on a laptop. Extend it like {@link BlobStoreContract} and return a store from {@link
 * #openStore()}; each test uses its own random flow name, so tests may share a bucket or container.
 */
public abstract class DatastoreLayersContract {
  /** The store under test. */
  protected BlobStore store;

  /** The flow name of the current test. */
  protected String flow;

  @TempDir Path tmp;

  /** Opens a store over the server under test; called before each test. */
  protected abstract BlobStore openStore() throws Exception;

  @BeforeEach
  void openStoreUnderTest() throws Exception {
    store = openStore();
    flow = "Flow" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  @AfterEach
  void closeStoreUnderTest() throws Exception {
    if (store != null) {
      store.close();
    }
  }

  private ContentStore cas() {
    return new ContentStore(store, flow, Serializers.defaults(), tmp, ContentStore.DEFAULT_LEVEL);
  }

  private TaskPath task(String run, String step, String id) {
    return new TaskPath(flow, run, step, id);
  }

  /** Runs one attempt of a task the way the runtime does: record, data, logs, done marker last. */
  private ArtifactIndex runTask(
      MetadataStore md, TaskPath t, ArtifactIndex inherited, Map<String, ?> values)
      throws IOException {
    md.registerTask(t, Optional.empty(), List.of(), Optional.empty());
    md.startAttempt(t, 0);
    var ds = new TaskDatastore(cas(), t, 0);
    ArtifactIndex index = ds.saveArtifacts(inherited, values);
    ds.saveLog(LogStream.STDOUT, ("ran " + t.step() + "\n").getBytes(StandardCharsets.UTF_8));
    md.finishAttempt(t, 0, AttemptStatus.OK, Optional.empty());
    return index;
  }

  @Test
  void artifactsRoundTripAndEqualValuesAreStoredOnce() throws IOException {
    ContentStore cas = cas();
    ArtifactRef a = cas.save("a", List.of("x", 1));
    ArtifactRef b = cas.save("b", List.of("x", 1));
    assertThat(a).isEqualTo(b);
    assertThat(store.list(flow + "/" + StoreLayout.DATA_DIR + "/")).hasSize(1);
    assertThat(cas.load("a", a, getClass().getClassLoader())).isEqualTo(List.of("x", 1));
  }

  @Test
  void aLargeArtifactRoundTripsThroughFileUploadAndDownload() throws IOException {
    byte[] big = new byte[(17 << 20) + 3];
    new Random(11)
        .nextBytes(big); // incompressible: stored raw, above multipart and download thresholds
    ContentStore cas = cas();
    ArtifactRef ref = cas.save("big", big);
    assertThat(ref.size()).isEqualTo(big.length);
    assertThat((byte[]) cas.load("big", ref, getClass().getClassLoader())).isEqualTo(big);
  }

  @Test
  void aChangedBlobIsReportedAsCorrupt() throws IOException {
    ContentStore cas = cas();
    ArtifactRef ref = cas.save("s", "the original value");
    String key = StoreLayout.blob(flow, ref.sha());
    byte[] forged;
    try (var in = store.get(key)) {
      forged = in.readAllBytes();
    }
    forged[forged.length - 1] ^= 1;
    store.put(key, new ByteArrayInputStream(forged), forged.length);
    assertThatThrownBy(() -> cas.load("s", ref, getClass().getClassLoader()))
        .isInstanceOf(CorruptBlobException.class)
        .hasMessageContaining("artifact 's'")
        .hasMessageContaining(key);
  }

  @Test
  void runsAreListedNewestFirstWithTheirStatus() throws IOException {
    var md = MetadataStore.of(store);
    md.startRun(new NewRun(flow, "100", "alice", List.of("a"), List.of(), Map.of("p", "1")));
    md.startRun(new NewRun(flow, "200", "alice", List.of(), List.of(), Map.of()));
    md.finishRun(flow, "100", RunStatus.FAILED);
    List<RunSummary> runs = md.runs(flow);
    assertThat(runs).extracting(RunSummary::id).containsExactlyInAnyOrder("100", "200");
    assertThat(runs.get(0).startedAt()).isAfterOrEqualTo(runs.get(1).startedAt());
    assertThat(md.run(flow, "100").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    assertThat(md.run(flow, "100").orElseThrow().parameters()).containsEntry("p", "1");
    assertThat(md.flows()).contains(flow);
    assertThat(md.addTags(flow, "100", List.of("b")).tags()).containsExactly("a", "b");
    assertThat(md.removeTags(flow, "100", List.of("a")).tags()).containsExactly("b");
  }

  @Test
  void aRunWrittenThroughTheApiReadsBackThroughTheClientAndClonesWithoutCopyingData()
      throws IOException {
    var md = MetadataStore.of(store);
    md.startRun(new NewRun(flow, "100", "alice", List.of(), List.of(), Map.of()));
    ArtifactIndex start =
        runTask(md, task("100", "start", "1"), ArtifactIndex.empty(), Map.of("greeting", "hi"));
    runTask(md, task("100", "end", "2"), start, Map.of("n", 7));
    md.finishRun(flow, "100", RunStatus.COMPLETED);

    FlowlineClient client = FlowlineClient.of(store);
    Run run = client.flow(flow).latestSuccessfulRun().orElseThrow();
    assertThat(run.steps()).extracting(s -> s.name()).containsExactly("start", "end");
    assertThat(run.data().get("greeting")).isEqualTo("hi");
    assertThat(run.data().get("n", Integer.class)).isEqualTo(7);
    assertThat(client.task(flow + "/100/start/1").stdout()).isEqualTo("ran start\n");

    int blobs = store.list(flow + "/" + StoreLayout.DATA_DIR + "/").size();
    md.startRun(new NewRun(flow, "200", "alice", List.of(), List.of(), Map.of()));
    new TaskCloner(cas(), md)
        .cloneTask(task("100", "start", "1"), task("200", "start", "1"), List.of());
    assertThat(store.list(flow + "/" + StoreLayout.DATA_DIR + "/")).hasSize(blobs);
    assertThat(client.task(flow + "/200/start/1").artifact("greeting", String.class))
        .isEqualTo("hi");
    assertThat(client.task(flow + "/200/start/1").originPathspec()).contains(flow + "/100/start/1");
  }
}
