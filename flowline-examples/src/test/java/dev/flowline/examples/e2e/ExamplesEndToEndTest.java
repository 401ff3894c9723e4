package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.Run;
import dev.flowline.examples.ParameterFlow;
import dev.flowline.metadata.AttemptStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example flow run through {@code bin/flowline} as a process, results read back with the
 * client API.
 */
class ExamplesEndToEndTest {
  @TempDir Path dir;

  private FlowlineCli cli() throws Exception {
    return new FlowlineCli(Files.createDirectories(dir.resolve("work")));
  }

  private static Run latest(FlowlineCli cli, String flow) throws Exception {
    return cli.client().flow(flow).latestRun().orElseThrow();
  }

  @Test
  void helloFlowRunsAndItsArtifactsLogsAndTagsCanBeRead() throws Exception {
    var cli = cli();
    var r =
        cli.run(
            "dev.flowline.examples.HelloFlow",
            "run",
            "--tag",
            "e2e",
            "--run-id-file",
            "run-id.txt");
    assertThat(r.code()).as(r.all()).isZero();
    String runId = Files.readString(cli.workDir().resolve("run-id.txt")).trim();
    assertThat(r.out()).contains("[" + runId + "/end/3] HELLO WORLD");
    Run run = latest(cli, "HelloFlow");
    assertThat(run.id()).isEqualTo(runId);
    assertThat(run.successful()).isTrue();
    assertThat(run.userTags()).containsExactly("e2e");
    assertThat(run.step("end").task().artifact("greeting", String.class)).isEqualTo("HELLO WORLD");
    assertThat(run.step("start").task().artifact("name", String.class)).isEqualTo("world");
    assertThat(run.step("end").task().stdout()).isEqualTo("HELLO WORLD\n");

    var logs = cli.run("dev.flowline.examples.HelloFlow", "logs", runId + "/end");
    assertThat(logs.code()).isZero();
    assertThat(logs.out()).isEqualTo("HELLO WORLD\n");
    var dump = cli.run("dev.flowline.examples.HelloFlow", "dump", runId + "/shout/2");
    assertThat(dump.out()).contains("greeting [size: 11 type: java.lang.String] = HELLO WORLD");
    var json = cli.run("dev.flowline.examples.HelloFlow", "dump", runId + "/shout/2", "--json");
    assertThat(json.out())
        .contains(
            "\"greeting\":{\"type\":\"java.lang.String\",\"size\":11,\"value\":\"HELLO WORLD\"}");
    var tag = cli.run("dev.flowline.examples.HelloFlow", "tag", "add", "--run-id", runId, "best");
    assertThat(tag.code()).as(tag.all()).isZero();
    var list = cli.run("dev.flowline.examples.HelloFlow", "tag", "list");
    assertThat(list.out()).contains("user tags:   e2e best");
    var remove = cli.run("dev.flowline.examples.HelloFlow", "tag", "remove", "e2e");
    assertThat(remove.code()).isZero();
    assertThat(latest(cli, "HelloFlow").userTags()).containsExactly("best");
  }

  @Test
  void helloFlowTakesItsParameterFromTheEnvironment() throws Exception {
    var cli = cli();
    var r = cli.run(Map.of("METAFLOW_RUN_NAME", "env"), "dev.flowline.examples.HelloFlow", "run");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("HELLO ENV");
  }

  @Test
  void branchFlowJoinsBothBranches() throws Exception {
    var cli = cli();
    var r = cli.run("dev.flowline.examples.BranchFlow", "run");
    assertThat(r.code()).as(r.all()).isZero();
    Run run = latest(cli, "BranchFlow");
    assertThat(run.step("join").task().artifact("total", Integer.class)).isEqualTo(63);
    assertThat(run.step("end").task().artifact("x", Integer.class)).isEqualTo(7);
  }

  @Test
  void foreachFlowRunsOneTaskPerItemAtEachLevel() throws Exception {
    var cli = cli();
    var r = cli.run("dev.flowline.examples.ForeachFlow", "run");
    assertThat(r.code()).as(r.all()).isZero();
    Run run = latest(cli, "ForeachFlow");
    assertThat(run.step("perLetter").tasks()).hasSize(3);
    assertThat(run.step("perNumber").tasks()).hasSize(6);
    assertThat(run.step("joinNumbers").tasks()).hasSize(3);
    assertThat(run.step("end").task().artifact("all", List.class))
        .containsExactly("a1", "a2", "b1", "b2", "c1", "c2");
  }

  @Test
  void parameterFlowConvertsEveryType() throws Exception {
    var cli = cli();
    var r =
        cli.run(
            Map.of("METAFLOW_RUN_SEED", "99"),
            "dev.flowline.examples.ParameterFlow",
            "run",
            "--dataset",
            "iris",
            "--epochs",
            "5",
            "--ratio",
            "0.1",
            "--verbose",
            "--config",
            "{\"learningRate\":0.5,\"layers\":[8,4]}");
    assertThat(r.code()).as(r.all()).isZero();
    var start = latest(cli, "ParameterFlow").step("start").task();
    assertThat(start.artifact("summary", String.class))
        .isEqualTo(
            "dataset=iris epochs=5 seed=99 ratio=0.1 verbose=true learningRate=0.5 layers=[8, 4]");
    assertThat(start.artifact("trainingConfig", ParameterFlow.TrainingConfig.class))
        .isEqualTo(new ParameterFlow.TrainingConfig(0.5, List.of(8, 4)));
  }

  @Test
  void retryCatchFlowRetriesThenCatches() throws Exception {
    var cli = cli();
    var r = cli.run("dev.flowline.examples.RetryCatchFlow", "run");
    assertThat(r.code()).as(r.all()).isZero();
    Run run = latest(cli, "RetryCatchFlow");
    var start = run.step("start").task();
    assertThat(start.attempts())
        .extracting(a -> a.status())
        .containsExactly(AttemptStatus.FAILED, AttemptStatus.OK);
    assertThat(start.artifact("succeededOnAttempt", Integer.class)).isEqualTo(1);
    assertThat(run.step("parse").task().artifact("failure", Object.class))
        .isInstanceOf(NumberFormatException.class);
    assertThat(r.out()).contains("start succeeded on attempt 1; parsed = 0");
    var logs =
        cli.run(
            "dev.flowline.examples.RetryCatchFlow", "logs", run.id() + "/start", "--attempt", "0");
    assertThat(logs.err()).contains("start fails on purpose on attempt 0");
  }

  @Test
  void largeArtifactFlowPassesTwoHundredMebibytes() throws Exception {
    var cli = cli();
    var r = cli.run("dev.flowline.examples.LargeArtifactFlow", "run");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("verified 209715200 bytes");
  }

  @Test
  void showAndCheckDescribeTheGraph() throws Exception {
    var cli = cli();
    var show = cli.run("dev.flowline.examples.BranchFlow", "show", "--format", "mermaid");
    assertThat(show.code()).isZero();
    assertThat(show.out()).startsWith("flowchart TD");
    var showHelp = cli.run("dev.flowline.examples.BranchFlow", "show", "--help");
    assertThat(showHelp.out()).contains("--format=FORMAT");
    var check = cli.run("dev.flowline.examples.ForeachFlow", "check");
    assertThat(check.code()).isZero();
    var help = cli.run("dev.flowline.examples.ParameterFlow", "run", "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("--dataset")
        .contains("name of the dataset to use")
        .contains("--max-workers");
    assertThat(Files.exists(cli.workDir().resolve(".metaflow"))).isFalse();
  }
}
