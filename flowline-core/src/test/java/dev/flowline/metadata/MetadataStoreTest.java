package dev.flowline.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.datastore.LocalBlobStore;
import dev.flowline.datastore.TaskPath;
import dev.flowline.runtime.AttemptInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataStoreTest {
  @TempDir Path dir;

  /** A clock that advances one second per reading. */
  static final class TickingClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      now = now.plusSeconds(1);
      return now;
    }
  }

  private MetadataStore store() {
    return new MetadataStore(new LocalBlobStore(dir), new TickingClock());
  }

  private static NewRun run(String id, String... tags) {
    return new NewRun(
        "HelloFlow",
        id,
        "alice",
        List.of(tags),
        List.of("user:alice", "runtime:dev"),
        Map.of("name", "world"));
  }

  @Test
  void aStartedRunIsReadBackRunningThenEnded() throws IOException {
    var md = store();
    RunRecord started = md.startRun(run("100", "exp"));
    assertThat(started.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(started.user()).isEqualTo("alice");
    assertThat(started.tags()).containsExactly("exp");
    assertThat(started.systemTags()).containsExactly("user:alice", "runtime:dev");
    assertThat(started.parameters()).isEqualTo(Map.of("name", "world"));
    assertThat(started.endedAt()).isEmpty();
    md.finishRun("HelloFlow", "100", RunStatus.COMPLETED);
    RunRecord ended = md.run("HelloFlow", "100").orElseThrow();
    assertThat(ended.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(ended.endedAt().orElseThrow()).isAfter(ended.startedAt());
    assertThat(md.flows()).containsExactly("HelloFlow");
  }

  @Test
  void runsAreListedNewestFirstWithStatusFromTheListingAlone() throws IOException {
    var md = store();
    md.startRun(run("100"));
    md.startRun(run("200"));
    md.startRun(run("150"));
    md.finishRun("HelloFlow", "200", RunStatus.FAILED);
    List<RunSummary> runs = md.runs("HelloFlow");
    assertThat(runs).extracting(RunSummary::id).containsExactly("150", "200", "100");
    assertThat(runs)
        .extracting(RunSummary::status)
        .containsExactly(RunStatus.RUNNING, RunStatus.FAILED, RunStatus.RUNNING);
    assertThat(md.runs("OtherFlow")).isEmpty();
  }

  @Test
  void aRunIdCannotBeUsedTwice() throws IOException {
    var md = store();
    md.startRun(run("100"));
    assertThatThrownBy(() -> md.startRun(run("100")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("run HelloFlow/100 already exists in ");
  }

  @Test
  void tagsAreAddedAndRemovedAsAppendOnlyEvents() throws IOException {
    var md = store();
    md.startRun(run("100", "a"));
    md.addTags("HelloFlow", "100", List.of("b", "c", "user:alice"));
    RunRecord r = md.removeTags("HelloFlow", "100", List.of("a"));
    assertThat(r.tags()).containsExactly("b", "c");
    r = md.replaceTags("HelloFlow", "100", List.of("b"), List.of("d"));
    assertThat(r.tags()).containsExactly("c", "d");
    assertThat(md.run("HelloFlow", "100").orElseThrow().tags()).containsExactly("c", "d");
  }

  @Test
  void badTagMutationsNameEveryProblem() throws IOException {
    var md = store();
    md.startRun(run("100"));
    assertThatThrownBy(
            () ->
                md.replaceTags(
                    "HelloFlow", "100", List.of("runtime:dev"), List.of("", "x".repeat(501))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag '' is empty")
        .hasMessageContaining("has 501 characters; a tag has at most 500")
        .hasMessageContaining("'runtime:dev' is a system tag, which cannot be removed");
    assertThatThrownBy(() -> md.addTags("HelloFlow", "999", List.of("x")))
        .hasMessageStartingWith("run HelloFlow/999 does not exist in ");
  }

  @Test
  void tasksAndAttemptsAreSummarizedFromOneListing() throws IOException {
    var md = store();
    md.startRun(run("100"));
    var start = new TaskPath("HelloFlow", "100", "start", "1");
    var body2 = new TaskPath("HelloFlow", "100", "body", "2");
    var body10 = new TaskPath("HelloFlow", "100", "body", "10");
    md.registerTask(start, Optional.empty(), List.of(), Optional.empty());
    md.startAttempt(start, 0);
    md.finishAttempt(start, 0, AttemptStatus.OK, Optional.empty());
    md.registerTask(body10, Optional.of(1), List.of("100/start/1"), Optional.empty());
    md.startAttempt(body10, 0);
    md.registerTask(body2, Optional.of(0), List.of("100/start/1"), Optional.empty());
    md.startAttempt(body2, 0);
    md.finishAttempt(
        body2,
        0,
        AttemptStatus.FAILED,
        Optional.of(ExceptionSummary.of(new IllegalStateException("boom"))));
    md.startAttempt(body2, 1);

    List<TaskSummary> tasks = md.tasks("HelloFlow", "100");
    assertThat(tasks)
        .extracting(t -> t.path().pathspec())
        .containsExactly("HelloFlow/100/body/2", "HelloFlow/100/body/10", "HelloFlow/100/start/1");
    assertThat(tasks.get(0).attempts())
        .containsExactly(Map.entry(0, AttemptStatus.FAILED), Map.entry(1, AttemptStatus.RUNNING));
    assertThat(tasks.get(2).successful()).isTrue();
    assertThat(md.steps("HelloFlow", "100")).containsExactly("body", "start");
    assertThat(md.tasks("HelloFlow", "100", "start")).hasSize(1);

    List<AttemptRecord> attempts = md.attempts(body2);
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).status()).isEqualTo(AttemptStatus.FAILED);
    assertThat(attempts.get(0).exception().orElseThrow().toString())
        .isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(attempts.get(0).endedAt().orElseThrow()).isAfter(attempts.get(0).startedAt());
    assertThat(attempts.get(1).status()).isEqualTo(AttemptStatus.RUNNING);

    TaskRecord record = md.task(body10).orElseThrow();
    assertThat(record.splitIndex()).contains(1);
    assertThat(record.inputPaths()).containsExactly("100/start/1");
  }

  @Test
  void onlyADoneLatestAttemptIsUsedForData() throws IOException {
    var md = store();
    var task = new TaskPath("HelloFlow", "100", "start", "1");
    md.startAttempt(task, 0);
    assertThat(md.latestDoneAttempt(task)).isEmpty();
    md.finishAttempt(task, 0, AttemptStatus.FAILED, Optional.empty());
    assertThat(md.latestDoneAttempt(task)).contains(0);
    md.startAttempt(task, 1);
    assertThat(md.latestDoneAttempt(task))
        .isEmpty(); // crashed or running: attempt 0 is not used instead
    md.finishAttempt(task, 1, AttemptStatus.OK, Optional.empty());
    assertThat(md.latestDoneAttempt(task)).contains(1);
  }

  @Test
  void anAttemptKeepsWhereAndHowItRan() throws IOException {
    var md = store();
    var task = new TaskPath("HelloFlow", "100", "start", "1");
    md.startAttempt(task, 0);
    var env =
        Map.of(
            "METAFLOW_RUNTIME_ENVIRONMENT",
            "kubernetes",
            "METAFLOW_KUBERNETES_POD_NAME",
            "helloflow-start-1-x",
            "METAFLOW_KUBERNETES_POD_NAMESPACE",
            "ml",
            "METAFLOW_KUBERNETES_NODE_NAME",
            "node-0",
            AttemptInfo.VARIABLE,
            AttemptInfo.encode(Map.of("memory-step-up", "from 128 MB after 1 OOM kill")));
    md.startAttempt(task, 1, AttemptInfo.of(env));
    md.finishAttempt(task, 1, AttemptStatus.OK, Optional.empty());

    var attempts = md.attempts(task);
    assertThat(attempts.get(0).info()).isEmpty();
    assertThat(attempts.get(1).info())
        .containsExactly(
            Map.entry("executor", "kubernetes"),
            Map.entry("kubernetes-node-name", "node-0"),
            Map.entry("kubernetes-pod-name", "helloflow-start-1-x"),
            Map.entry("kubernetes-pod-namespace", "ml"),
            Map.entry("memory-step-up", "from 128 MB after 1 OOM kill"));
    assertThat(AttemptInfo.of(Map.of())).containsExactly(Map.entry("executor", "local"));
  }

  @Test
  void runIdsAreNumericTimeOrderedAndRandomized() {
    Clock fixed = Clock.fixed(Instant.parse("2026-11-27T10:00:00.123456Z"), ZoneOffset.UTC);
    var ids = new RunIds(fixed, new Random(1));
    String a = ids.next();
    String b = ids.next();
    assertThat(a).matches("1795773600123456[0-9]{3}");
    assertThat(a).isNotEqualTo(b);
    assertThat(RunIds.system().next()).hasSize(19);
  }
}
