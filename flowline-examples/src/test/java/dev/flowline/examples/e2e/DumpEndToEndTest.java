package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dump --json} as a script reads it: one object per task, also for a failed task, and values
 * longer than {@code --max-value-size} cut and marked instead of printed whole.
 */
class DumpEndToEndTest {
  @TempDir Path dir;

  private FlowlineCli cli(String flowFile) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    try (var in = getClass().getResourceAsStream("/flows/" + flowFile)) {
      Files.copy(in, work.resolve(flowFile));
    }
    return new FlowlineCli(work);
  }

  @Test
  void jsonDumpOfAFailedTaskIsOneObjectWithItsStatus() throws Exception {
    var cli = cli("FailingFlow.java");
    var run = cli.run("FailingFlow.java", "run", "--run-id-file", "run-id.txt");
    assertThat(run.code()).as(run.all()).isEqualTo(1);
    String id = Files.readString(cli.workDir().resolve("run-id.txt")).trim();

    var dump = cli.run("FailingFlow.java", "dump", id + "/boom", "--json");
    assertThat(dump.code()).as(dump.all()).isZero();
    assertThat(dump.out().strip())
        .isEqualTo(
            "{\"pathspec\":\"FailingFlow/"
                + id
                + "/boom/2\",\"attempt\":0,\"status\":\"failed\",\"artifacts\":{}}");
    assertThat(dump.err()).contains("no artifacts were stored. See 'logs " + id + "/boom/2'");
  }

  @Test
  void jsonDumpCutsValuesLongerThanTheMaximum() throws Exception {
    var cli = cli("FailingFlow.java");
    var run = cli.run("FailingFlow.java", "run", "--run-id-file", "run-id.txt");
    String id = Files.readString(cli.workDir().resolve("run-id.txt")).trim();

    var cut =
        cli.run("FailingFlow.java", "dump", id + "/start/1", "--json", "--max-value-size", "2");
    assertThat(cut.code()).as(cut.all()).isZero();
    assertThat(cut.out())
        .contains(
            "\"before\":{\"type\":\"java.lang.String\",\"size\":4,\"value\":\"ke\",\"truncated\":true}");

    var whole = cli.run("FailingFlow.java", "dump", id + "/start/1", "--json");
    assertThat(whole.out())
        .contains("\"before\":{\"type\":\"java.lang.String\",\"size\":4,\"value\":\"kept\"}");
  }

  private String runShapes(FlowlineCli cli) throws Exception {
    var run = cli.run("ShapesFlow.java", "run", "--run-id-file", "run-id.txt");
    assertThat(run.code()).as(run.all()).isZero();
    return Files.readString(cli.workDir().resolve("run-id.txt")).trim();
  }

  @Test
  void numericArraysAndRecordsAreCutToTheMaximumSize() throws Exception {
    var cli = cli("ShapesFlow.java");
    String id = runShapes(cli);
    var dump = cli.run("ShapesFlow.java", "dump", id + "/start/1", "--json");
    assertThat(dump.code()).as(dump.all()).isZero();
    // 2 million doubles (16 MB stored) print as their first elements, not 30 MB of JSON
    assertThat(dump.out().length()).isLessThan(6_000);
    var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dump.out());
    var big = node.at("/artifacts/big");
    assertThat(big.get("type").asText()).isEqualTo("double[]");
    assertThat(big.get("truncated").asBoolean()).isTrue();
    assertThat(big.get("length").asInt()).isEqualTo(2_000_000);
    assertThat(big.get("value").get(3).asDouble()).isEqualTo(1.5);
    assertThat(big.get("value").toString().length()).isLessThanOrEqualTo(1000);
    var model = node.at("/artifacts/model");
    assertThat(model.get("truncated").asBoolean()).isTrue();
    assertThat(model.get("value").asText()).startsWith("{\"name\":\"m\",\"weights\":[0.0,");
    assertThat(node.at("/artifacts/note/value").asText()).isEqualTo("short");

    var text = cli.run("ShapesFlow.java", "dump", id + "/start/1", "--max-value-size", "40");
    assertThat(text.out())
        .contains("big [size: ")
        .containsPattern(
            "big \\[size: \\d+ type: double\\[\\]\\] = \\[0\\.0, 0\\.5, 1\\.0, .*\\.\\.\\.")
        .hasSizeLessThan(2_000);
  }

  @Test
  void jdkCollectionsShowTheirPublicType() throws Exception {
    var cli = cli("ShapesFlow.java");
    String id = runShapes(cli);
    var dump = cli.run("ShapesFlow.java", "dump", id + "/start/1");
    assertThat(dump.out())
        .contains("names [size: ")
        .contains("type: java.util.List] = [a, b, c]")
        .contains("type: java.util.Map] = {x=1}")
        .doesNotContain("ImmutableCollections");
  }

  @Test
  void includeSelectsArtifactsAndFileWritesTheOutput() throws Exception {
    var cli = cli("ShapesFlow.java");
    String id = runShapes(cli);
    var dump =
        cli.run(
            "ShapesFlow.java",
            "dump",
            id + "/start/1",
            "--include",
            "note,names",
            "--json",
            "--file",
            "out.json");
    assertThat(dump.code()).as(dump.all()).isZero();
    assertThat(dump.out()).isEmpty();
    String written = Files.readString(cli.workDir().resolve("out.json"));
    var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(written);
    assertThat(node.get("artifacts").fieldNames()).toIterable().containsExactly("names", "note");

    var unknown = cli.run("ShapesFlow.java", "dump", id + "/start/1", "--include", "nope");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("dump --include nope: no such artifact in " + id + "/start; its artifacts are [")
        .contains("big, counts, model, names, note");

    var keysOnly = cli.run("ShapesFlow.java", "dump", id + "/start/1", "--max-value-size", "0");
    assertThat(keysOnly.out()).contains("  note [size: ").doesNotContain("short");
  }

  @Test
  void aStepThatNeverRanIsSaidToHaveNeverRun() throws Exception {
    var cli = cli("FailingFlow.java");
    cli.run("FailingFlow.java", "run", "--run-id-file", "run-id.txt");
    String id = Files.readString(cli.workDir().resolve("run-id.txt")).trim();
    var dump = cli.run("FailingFlow.java", "dump", id + "/end");
    assertThat(dump.code()).isEqualTo(2);
    assertThat(dump.err())
        .startsWith(
            "dump: step 'end' of run FailingFlow/"
                + id
                + " never ran: the run (failed) did not reach it. Steps that ran: [start, boom].");
    var other = cli.run("FailingFlow.java", "dump", id + "/nothere");
    assertThat(other.err()).contains("has no task of step 'nothere'");
  }
}
