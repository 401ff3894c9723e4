package dev.flowline.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.config.Config;
import dev.flowline.datastore.ArtifactIndex;
import dev.flowline.datastore.ContentStore;
import dev.flowline.datastore.LocalBlobStore;
import dev.flowline.datastore.LogStream;
import dev.flowline.datastore.TaskDatastore;
import dev.flowline.datastore.TaskPath;
import dev.flowline.metadata.AttemptStatus;
import dev.flowline.metadata.ExceptionSummary;
import dev.flowline.metadata.MetadataStore;
import dev.flowline.metadata.NewRun;
import dev.flowline.metadata.RunStatus;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes runs through the datastore and metadata API, as the runtime does, and reads them back. */
class ClientTest {
  @TempDir Path dir;
  private LocalBlobStore store;
  private MetadataStore md;
  private ContentStore cas;

  /** A user type, stored with Java serialization. */
  record Score(String model, double value) implements Serializable {}

  @BeforeEach
  void setUp() {
    store = new LocalBlobStore(dir.resolve(".metaflow"));
    md = MetadataStore.of(store);
    cas = ContentStore.of(store, "HelloFlow");
  }

  /** One task, one attempt, the given artifacts and stdout. */
  private ArtifactIndex task(TaskPath t, ArtifactIndex inherited, Map<String, ?> values, boolean ok)
      throws IOException {
    md.registerTask(t, Optional.empty(), List.of(), Optional.empty());
    md.startAttempt(t, 0);
    var ds = new TaskDatastore(cas, t, 0);
    ArtifactIndex index = ds.saveArtifacts(inherited, values);
    ds.saveLog(LogStream.STDOUT, ("out of " + t.step() + "\n").getBytes(StandardCharsets.UTF_8));
    md.finishAttempt(
        t,
        0,
        ok ? AttemptStatus.OK : AttemptStatus.FAILED,
        ok
            ? Optional.empty()
            : Optional.of(ExceptionSummary.of(new IllegalStateException("boom"))));
    return index;
  }

  /** A complete HelloFlow run: start -> end. */
  private String helloRun(String runId, String user, String greeting) throws IOException {
    md.startRun(
        new NewRun(
            "HelloFlow",
            runId,
            user,
            List.of("exp"),
            List.of("runtime:dev"),
            Map.of("name", "world")));
    ArtifactIndex start =
        task(
            new TaskPath("HelloFlow", runId, "start", "1"),
            ArtifactIndex.empty(),
            Map.of("greeting", greeting, "score", new Score("m", 0.9), "_task_ok", true),
            true);
    task(new TaskPath("HelloFlow", runId, "end", "2"), start, Map.of("count", 3), true);
    md.finishRun("HelloFlow", runId, RunStatus.COMPLETED);
    return runId;
  }

  private FlowlineClient client() {
    return FlowlineClient.of(store);
  }

  @Test
  void everyParameterOfARunReadsBackTyped() throws IOException {
    var values = new java.util.LinkedHashMap<String, Object>();
    values.put("name", "world");
    values.put("rate", 0.5);
    values.put("score", new Score("m", 0.9));
    values.put("label", null);
    var stored = new ArtifactIndex(new java.util.TreeMap<>());
    for (var e : values.entrySet()) {
      stored = stored.with(e.getKey(), cas.save(e.getKey(), e.getValue()));
    }
    md.startRun(
        new NewRun(
            "HelloFlow", "400", "alice", List.of(), List.of(), Map.of("rate", "0.5"), stored));
    Run run = client().flow("HelloFlow").run("400");
    assertThat(run.parameters().names()).containsExactly("label", "name", "rate", "score");
    assertThat(run.parameters().get("rate", double.class)).isEqualTo(0.5);
    assertThat(run.parameters().get("name", String.class)).isEqualTo("world");
    assertThat(run.parameters().get("score", Score.class)).isEqualTo(new Score("m", 0.9));
    assertThat(run.parameters().get("label")).isNull();
    assertThat(run.parametersAsGiven()).containsExactly(Map.entry("rate", "0.5"));
    assertThatThrownBy(() -> run.parameters().get("nope"))
        .hasMessageStartingWith("run HelloFlow/400 (parameters) has no artifact 'nope'");
  }

  @Test
  void aRunWrittenThroughTheApiReadsBackThroughTheClient() throws IOException {
    helloRun("100", "alice", "hello");
    Run run = client().flow("HelloFlow").latestRun().orElseThrow();
    assertThat(run.id()).isEqualTo("100");
    assertThat(run.successful()).isTrue();
    assertThat(run.finished()).isTrue();
    assertThat(run.userTags()).containsExactly("exp");
    assertThat(run.systemTags()).containsExactly("runtime:dev", "user:alice");
    assertThat(run.parametersAsGiven()).containsEntry("name", "world");
    assertThat(run.parameters().names()).as("recorded without stored values").isEmpty();
    assertThat(run.finishedAt().orElseThrow()).isAfterOrEqualTo(run.createdAt());
    assertThat(run.steps()).extracting(Step::name).containsExactly("start", "end");
    assertThat(run.data().get("greeting")).isEqualTo("hello");
    assertThat(run.data().get("count", int.class)).isEqualTo(3);
    Task start = run.step("start").task();
    assertThat(start.artifact("score", Score.class)).isEqualTo(new Score("m", 0.9));
    assertThat(start.artifacts()).extracting(Artifact::name).containsExactly("greeting", "score");
    assertThat(start.artifact("greeting").size()).isEqualTo(5);
    assertThat(start.stdout()).isEqualTo("out of start\n");
    assertThat(start.stderr()).isEmpty();
    assertThat(start.attempts()).hasSize(1);
    assertThat(start.currentAttempt()).isZero();
    assertThat(start.successful()).isTrue();
  }

  @Test
  void pathspecsAddressEveryLevel() throws IOException {
    helloRun("100", "alice", "hello");
    var client = client();
    assertThat(client.run("HelloFlow/100").id()).isEqualTo("100");
    assertThat(client.step("HelloFlow/100/end").tasks()).hasSize(1);
    assertThat(client.task("HelloFlow/100/start/1").id()).isEqualTo("1");
    assertThat(client.artifact("HelloFlow/100/start/1/greeting").value()).isEqualTo("hello");
    assertThatThrownBy(() -> client.run("HelloFlow"))
        .isInstanceOf(InvalidPathspecException.class)
        .hasMessage(
            "run pathspec 'HelloFlow' must have 2 parts, e.g. 'HelloFlow/1764236056123456789'");
  }

  @Test
  void unknownNamesListWhatExists() throws IOException {
    helloRun("100", "alice", "a");
    helloRun("200", "alice", "b");
    var client = client();
    assertThatThrownBy(() -> client.flow("NoFlow"))
        .isInstanceOf(FlowlineNotFoundException.class)
        .hasMessageStartingWith(
            "flow 'NoFlow' has no runs in " + store.root() + "; flows there: [HelloFlow].");
    assertThatThrownBy(() -> client.run("HelloFlow/300"))
        .hasMessage(
            "run HelloFlow/300 does not exist; the latest runs are [200, 100] (newest first)");
    assertThatThrownBy(() -> client.step("HelloFlow/100/middle"))
        .hasMessage("run HelloFlow/100 has no step 'middle'; its steps are [start, end]");
    assertThatThrownBy(() -> client.task("HelloFlow/100/start/9"))
        .hasMessage("step HelloFlow/100/start has no task '9'; its tasks are [1]");
    assertThatThrownBy(() -> client.artifact("HelloFlow/100/start/1/nope"))
        .hasMessage(
            "task HelloFlow/100/start/1 has no artifact 'nope'; its artifacts are [_task_ok, greeting, score]");
  }

  @Test
  void runsAreFilteredByNamespaceAndTags() throws IOException {
    helloRun("100", "alice", "a");
    helloRun("200", "bob", "b");
    md.addTags("HelloFlow", "100", List.of("best"));
    var alice = client().withNamespace("user:alice");
    assertThat(alice.flow("HelloFlow").runs()).extracting(Run::id).containsExactly("100");
    assertThat(client().flow("HelloFlow").runs()).extracting(Run::id).containsExactly("200", "100");
    assertThat(client().flow("HelloFlow").runs("best")).extracting(Run::id).containsExactly("100");
    assertThatThrownBy(() -> alice.run("HelloFlow/200"))
        .hasMessageStartingWith(
            "run HelloFlow/200 is not in namespace user:alice (its tags: [exp, runtime:dev, user:bob]).");
  }

  @Test
  void theDefaultNamespaceIsTheConfiguredUser() throws IOException {
    helloRun("100", "alice", "a");
    helloRun("200", "bob", "b");
    Config config =
        Config.load(
            Map.of("METAFLOW_USER", "alice", "METAFLOW_HOME", dir.resolve("home").toString()), dir);
    try (var client = FlowlineClient.open(config, null)) {
      assertThat(client.namespace()).contains("user:alice");
      assertThat(client.flow("HelloFlow").latestRun().orElseThrow().id()).isEqualTo("100");
    }
  }

  @Test
  void failedAndRunningRunsAreReportedAndSkippedByLatestSuccessful() throws IOException {
    helloRun("100", "alice", "ok");
    md.startRun(new NewRun("HelloFlow", "200", "alice", List.of(), List.of(), Map.of()));
    task(
        new TaskPath("HelloFlow", "200", "start", "1"),
        ArtifactIndex.empty(),
        Map.of("x", 1),
        false);
    md.finishRun("HelloFlow", "200", RunStatus.FAILED);
    md.startRun(new NewRun("HelloFlow", "300", "alice", List.of(), List.of(), Map.of()));
    var flow = client().flow("HelloFlow");
    assertThat(flow.latestRun().orElseThrow().id()).isEqualTo("300");
    assertThat(flow.latestRun().orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(flow.latestSuccessfulRun().orElseThrow().id()).isEqualTo("100");
    Run failed = flow.run("200");
    assertThat(failed.successful()).isFalse();
    Task t = failed.step("start").task();
    assertThat(t.status()).isEqualTo(AttemptStatus.FAILED);
    assertThat(t.exception().orElseThrow().toString())
        .isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(t.data().get("x")).isEqualTo(1);
    assertThatThrownBy(failed::data)
        .hasMessageStartingWith("run HelloFlow/200 has no finished end task yet (status failed)");
  }

  @Test
  void aTaskWhoseLatestAttemptIsUnfinishedHasNoDataYet() throws IOException {
    md.startRun(new NewRun("HelloFlow", "100", "alice", List.of(), List.of(), Map.of()));
    var t = new TaskPath("HelloFlow", "100", "start", "1");
    task(t, ArtifactIndex.empty(), Map.of("x", 1), false);
    md.startAttempt(t, 1);
    Task task = client().task("HelloFlow/100/start/1");
    assertThat(task.currentAttempt()).isEqualTo(1);
    assertThat(task.finished()).isFalse();
    assertThatThrownBy(task::data)
        .hasMessageStartingWith(
            "task HelloFlow/100/start/1 has no finished attempt yet (attempt 1 is running");
  }

  @Test
  void tagsChangeThroughTheClientAndSystemTagsStay() throws IOException {
    helloRun("100", "alice", "a");
    Run run = client().run("HelloFlow/100");
    run.addTags(List.of("best", "v2"));
    run.removeTags(List.of("exp"));
    assertThat(client().run("HelloFlow/100").userTags()).containsExactly("best", "v2");
    assertThatThrownBy(() -> run.removeTags(List.of("user:alice")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "run HelloFlow/100: 'user:alice' is a system tag, which cannot be removed (only user tags can)");
  }

  @Test
  void everyAttemptKeepsItsOwnLogs() throws IOException {
    md.startRun(new NewRun("HelloFlow", "100", "alice", List.of(), List.of(), Map.of()));
    var t = new TaskPath("HelloFlow", "100", "start", "1");
    md.registerTask(t, Optional.empty(), List.of(), Optional.empty());
    for (int attempt = 0; attempt < 2; attempt++) {
      md.startAttempt(t, attempt);
      var ds = new TaskDatastore(cas, t, attempt);
      ds.saveArtifacts(ArtifactIndex.empty(), Map.of("attempt", attempt));
      ds.saveLog(
          LogStream.STDERR, ("attempt " + attempt + " failed\n").getBytes(StandardCharsets.UTF_8));
      md.finishAttempt(
          t, attempt, attempt == 0 ? AttemptStatus.FAILED : AttemptStatus.OK, Optional.empty());
    }
    Task task = client().task("HelloFlow/100/start/1");
    assertThat(task.stderr()).isEqualTo("attempt 1 failed\n");
    assertThat(task.log(LogStream.STDERR, 0)).isEqualTo("attempt 0 failed\n");
    assertThat(task.artifact("attempt", Integer.class)).isEqualTo(1);
    assertThat(client().step("HelloFlow/100/start").finishedAt()).isEqualTo(task.finishedAt());
  }

  @Test
  void aWrongTypeNamesTheArtifactAndBothTypes() throws IOException {
    helloRun("100", "alice", "hello");
    assertThatThrownBy(
            () -> client().task("HelloFlow/100/start/1").artifact("greeting", Integer.class))
        .isInstanceOf(ClassCastException.class)
        .hasMessage(
            "artifact 'greeting' of task HelloFlow/100/start/1 is a java.lang.String, not a java.lang.Integer");
  }

  @Test
  void aForeachStepHasSeveralTasksAndNoSingleTask() throws IOException {
    md.startRun(new NewRun("HelloFlow", "100", "alice", List.of(), List.of(), Map.of()));
    for (int i = 0; i < 3; i++) {
      var t = new TaskPath("HelloFlow", "100", "body", Integer.toString(i + 2));
      md.registerTask(t, Optional.of(i), List.of("100/start/1"), Optional.empty());
      md.startAttempt(t, 0);
      new TaskDatastore(cas, t, 0).saveArtifacts(ArtifactIndex.empty(), Map.of("item", i));
      md.finishAttempt(t, 0, AttemptStatus.OK, Optional.empty());
    }
    Step body = client().step("HelloFlow/100/body");
    assertThat(body.tasks())
        .extracting(task -> task.artifact("item", Integer.class))
        .containsExactly(0, 1, 2);
    assertThat(body.tasks().get(2).index()).contains(2);
    assertThatThrownBy(body::task)
        .hasMessageStartingWith("step HelloFlow/100/body has 3 tasks, not one: [2, 3, 4].");
  }
}
