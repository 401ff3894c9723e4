package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Run;
import dev.flowline.config.Config;
import dev.flowline.datastore.Datastores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run options that change how a task behaves ({@code --with}, {@code --datastore}, {@code
 * --datastore-root}) reach every task, and the {@code step} command accepts them, so a task run by
 * hand behaves like the task in the run.
 */
class RunOptionsEndToEndTest {
  @TempDir Path dir;

  private FlowlineCli cli(String flowFile) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    try (var in = getClass().getResourceAsStream("/flows/" + flowFile)) {
      Files.copy(in, work.resolve(flowFile));
    }
    return new FlowlineCli(work);
  }

  private static FlowlineClient clientOn(Path root) throws Exception {
    return FlowlineClient.of(
            Datastores.open(
                "local",
                Config.load(Map.of("METAFLOW_DATASTORE_SYSROOT_LOCAL", root.toString()), root)))
        .withClassLoader(RunOptionsEndToEndTest.class.getClassLoader());
  }

  @Test
  void withAndDatastoreRootReachEveryTaskAndTheStepCommand() throws Exception {
    var cli = cli("FailingFlow.java");
    var run =
        cli.run(
            "FailingFlow.java",
            "run",
            "--with",
            "catch:var=failure",
            "--datastore",
            "local",
            "--datastore-root",
            "store",
            "--run-id-file",
            "id.txt");
    assertThat(run.code()).as(run.all()).isZero();
    String id = Files.readString(cli.workDir().resolve("id.txt")).trim();
    assertThat(cli.workDir().resolve(".metaflow")).doesNotExist();
    var client = clientOn(cli.workDir().resolve("store"));
    Run first = client.flow("FailingFlow").run(id);
    assertThat(first.successful()).isTrue();
    assertThat(first.step("boom").task().artifact("failure", Object.class).toString())
        .contains("boom fails on purpose");

    // the same task by hand, with the arguments the run passes: caught again, same store
    var byHand =
        cli.run(
            "FailingFlow.java",
            "step",
            "boom",
            "--run-id",
            id,
            "--task-id",
            "90",
            "--input-paths",
            id + "/start/1",
            "--with",
            "catch:var=failure",
            "--datastore",
            "local",
            "--datastore-root",
            "store");
    assertThat(byHand.code()).as(byHand.all()).isZero();
    var task = clientOn(cli.workDir().resolve("store")).flow("FailingFlow").run(id).step("boom");
    assertThat(task.tasks()).anySatisfy(t -> assertThat(t.id()).isEqualTo("90"));
    assertThat(cli.workDir().resolve(".metaflow")).doesNotExist();

    // without the run's --with the task fails, as it would in a run without it
    var without =
        cli.run(
            "FailingFlow.java",
            "step",
            "boom",
            "--run-id",
            id,
            "--task-id",
            "91",
            "--input-paths",
            id + "/start/1",
            "--datastore-root",
            "store");
    assertThat(without.code()).as(without.all()).isEqualTo(1);
  }
}
