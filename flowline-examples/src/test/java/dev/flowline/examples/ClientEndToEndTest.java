package dev.flowline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.Flowline;
import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Run;
import dev.flowline.client.Step;
import dev.flowline.client.Task;
import dev.flowline.config.Config;
import dev.flowline.metadata.AttemptRecord;
import dev.flowline.metadata.AttemptStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs example flows through the command line entry point and reads the results back with the
 * client API.
 */
class ClientEndToEndTest {
  @TempDir Path dir;
  private Map<String, String> env;

  @BeforeEach
  void environment() {
    env = new HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("METAFLOW_"));
    env.put("METAFLOW_HOME", dir.resolve("home").toString());
    env.put("METAFLOW_USER", "alice");
  }

  private void run(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        Flowline.execute(
            List.of(args),
            env,
            dir,
            getClass().getClassLoader(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code)
        .as(
            "exit code of %s%nstdout:%n%s%nstderr:%n%s",
            List.of(args),
            out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8))
        .isZero();
  }

  private FlowlineClient client() {
    return FlowlineClient.open(Config.load(env, dir), null);
  }

  @Test
  void helloFlowsArtifactsParametersTagsAndLogsReadBack() {
    run(HelloFlow.class.getName(), "run", "--name", "alice", "--tag", "e2e");
    try (var client = client()) {
      Run run = client.flow("HelloFlow").latestSuccessfulRun().orElseThrow();
      assertThat(run.data().get("greeting")).isEqualTo("HELLO ALICE");
      assertThat(run.steps()).extracting(Step::name).containsExactly("start", "shout", "end");
      assertThat(run.userTags()).containsExactly("e2e");
      assertThat(run.systemTags()).contains("user:alice");
      assertThat(run.parameters().get("name", String.class)).isEqualTo("alice");
      assertThat(run.parametersAsGiven()).containsEntry("name", "alice");
      assertThat(run.step("end").task().stdout()).isEqualTo("HELLO ALICE\n");
      assertThat(run.step("start").task().artifact("greeting", String.class))
          .isEqualTo("hello alice");
      assertThat(run.finishedAt().orElseThrow()).isAfterOrEqualTo(run.createdAt());
      assertThat(client.run("HelloFlow/" + run.id()).successful()).isTrue();
    }
  }

  @Test
  void foreachTasksCarryTheirSplitIndexAndTheJoinSeesAllOfThem() {
    run(ForeachFlow.class.getName(), "run");
    try (var client = client()) {
      Run run = client.flow("ForeachFlow").latestRun().orElseThrow();
      assertThat(run.successful()).isTrue();
      assertThat(run.data().get("all")).isEqualTo(List.of("a1", "a2", "b1", "b2", "c1", "c2"));
      List<Task> letters = run.step("perLetter").tasks();
      assertThat(letters).extracting(t -> t.index().orElseThrow()).containsExactly(0, 1, 2);
      assertThat(letters)
          .extracting(t -> t.artifact("letter", String.class))
          .containsExactly("a", "b", "c");
      assertThat(run.step("perNumber").tasks()).hasSize(6);
    }
  }

  @Test
  void aRetriedTaskShowsBothAttemptsAndTheFirstOnesException() {
    run(RetryCatchFlow.class.getName(), "run");
    try (var client = client()) {
      Run run = client.flow("RetryCatchFlow").latestRun().orElseThrow();
      assertThat(run.successful()).isTrue();
      Task start = run.step("start").task();
      assertThat(start.currentAttempt()).isEqualTo(1);
      assertThat(start.attempts())
          .extracting(AttemptRecord::status)
          .containsExactly(AttemptStatus.FAILED, AttemptStatus.OK);
      assertThat(start.attempts().get(0).exception().orElseThrow().message())
          .isEqualTo("start fails on purpose on attempt 0; the retry succeeds");
      assertThat(start.artifact("succeededOnAttempt", Integer.class)).isEqualTo(1);
      assertThat(run.step("parse").task().data().contains("failure")).isTrue();
    }
  }
}
