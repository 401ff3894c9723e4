package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.Run;
import dev.flowline.client.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running task's output is saved while it runs: the client and {@code logs} show what it printed
 * so far, and the output survives a SIGKILL of the runtime.
 */
class LiveLogsEndToEndTest {
  @TempDir Path dir;

  private static Optional<Task> firstBodyTask(FlowlineCli cli) throws Exception {
    if (!Files.exists(cli.workDir().resolve("id.txt"))) {
      return Optional.empty();
    }
    Optional<Run> run = cli.client().flow("SlowFlow").latestRun();
    if (run.isEmpty()) {
      return Optional.empty();
    }
    try {
      return run.get().step("body").tasks().stream().findFirst();
    } catch (RuntimeException e) {
      return Optional.empty(); // no body task yet
    }
  }

  @Test
  void aRunningTasksOutputIsReadableBeforeItEndsAndSurvivesAKilledRuntime() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    try (var in = getClass().getResourceAsStream("/flows/SlowFlow.java")) {
      Files.copy(in, work.resolve("SlowFlow.java"));
    }
    var cli = new FlowlineCli(work);
    // each body task prints its line, then sleeps far longer than this test waits
    Process p =
        cli.start(
            Map.of("SLOW_FLOW_MILLIS", "600000"),
            "SlowFlow.java",
            "run",
            "--max-workers",
            "1",
            "--run-id-file",
            "id.txt");
    List<ProcessHandle> tree = List.of();
    try {
      Task task = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline) {
        var t = firstBodyTask(cli);
        if (t.isPresent() && t.get().stdout().startsWith("square of ")) {
          task = t.get();
          break;
        }
        assertThat(p.isAlive()).as("the run ended early: " + cli.err()).isTrue();
        Thread.sleep(100);
      }
      assertThat(task).as("no partial log of a body task in 90 s: " + cli.err()).isNotNull();
      assertThat(task.finished()).as("the task is still running").isFalse();
      String id = Files.readString(work.resolve("id.txt")).trim();
      String pathspec = id + "/body/" + task.id();

      // the logs command shows it too, from another process (and folder) on the same datastore
      var other = new FlowlineCli(Files.createDirectories(dir.resolve("other")));
      var logs =
          other.run(
              work.resolve("SlowFlow.java").toString(),
              "logs",
              pathspec,
              "--stdout",
              "--datastore-root",
              work.toString());
      assertThat(logs.code()).as(logs.all()).isZero();
      assertThat(logs.out()).startsWith("square of ");

      // the runtime is killed: what the task printed stays
      tree = p.descendants().toList();
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      Task after = cli.client().flow("SlowFlow").run(id).step("body").task(task.id());
      assertThat(after.stdout()).startsWith("square of ");
    } finally {
      p.destroyForcibly();
      tree.forEach(ProcessHandle::destroyForcibly);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
    }
  }
}
