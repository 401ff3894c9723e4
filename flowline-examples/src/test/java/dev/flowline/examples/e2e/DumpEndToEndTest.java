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
}
