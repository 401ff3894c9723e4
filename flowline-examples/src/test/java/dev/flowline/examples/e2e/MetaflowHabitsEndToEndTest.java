package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a Metaflow user types it, through {@code bin/flowline}. */
class MetaflowHabitsEndToEndTest {
  private static final String HELLO = "dev.flowline.examples.HelloFlow";

  @TempDir Path dir;

  private FlowlineCli cli() throws Exception {
    return new FlowlineCli(Files.createDirectories(dir.resolve("work")));
  }

  @Test
  void topLevelOptionsGoBeforeTheCommand() throws Exception {
    var cli = cli();
    var r =
        cli.run(
            HELLO,
            "--with",
            "retry",
            "--datastore",
            "local",
            "--quiet",
            "run",
            "--run-id-file",
            "id");
    assertThat(r.code()).as(r.all()).isZero();
    String runId = Files.readString(cli.workDir().resolve("id")).trim();
    var run = cli.client().flow("HelloFlow").run(runId);
    assertThat(run.successful()).isTrue();
    var dump = cli.run(HELLO, "--datastore", "local", "dump", runId + "/end");
    assertThat(dump.code()).as(dump.all()).isZero();
    assertThat(dump.out()).contains("HELLO WORLD");
  }

  @Test
  void theLocalDatastoreIsFoundFromASubfolder() throws Exception {
    var cli = cli();
    var r = cli.run(HELLO, "run", "--run-id-file", "id");
    assertThat(r.code()).as(r.all()).isZero();
    String runId = Files.readString(cli.workDir().resolve("id")).trim();
    var sub = new FlowlineCli(Files.createDirectories(cli.workDir().resolve("src/deeper")));
    var dump = sub.run(HELLO, "dump", runId + "/end");
    assertThat(dump.code()).as(dump.all()).isZero();
    assertThat(dump.out()).contains("HELLO WORLD");
    var again = sub.run(HELLO, "run");
    assertThat(again.code()).as(again.all()).isZero();
    assertThat(cli.workDir().resolve("src/deeper/.metaflow")).doesNotExist();
    assertThat(cli.client().flow("HelloFlow").runs()).hasSize(2);
  }

  @Test
  void resumeOfASuccessfulRunSaysThereIsNothingToResume() throws Exception {
    var cli = cli();
    var r = cli.run(HELLO, "run", "--run-id-file", "id");
    assertThat(r.code()).as(r.all()).isZero();
    String runId = Files.readString(cli.workDir().resolve("id")).trim();
    var resume = cli.run(HELLO, "resume");
    assertThat(resume.code()).as(resume.all()).isEqualTo(2);
    assertThat(resume.err())
        .isEqualTo(
            "resume: run HelloFlow/"
                + runId
                + " completed successfully: no task failed, so there is nothing to resume and no"
                + " new run was made. To run some steps again, give the first of them:"
                + " 'bin/flowline "
                + HELLO
                + " resume STEP' (steps: start, shout, end); for a fresh run use 'run'.\n");
    assertThat(cli.client().flow("HelloFlow").runs()).hasSize(1);
    var fromShout = cli.run(HELLO, "resume", "shout");
    assertThat(fromShout.code()).as(fromShout.all()).isZero();
    assertThat(cli.client().flow("HelloFlow").runs()).hasSize(2);
  }
}
