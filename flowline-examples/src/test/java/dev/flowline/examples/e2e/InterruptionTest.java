package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.Run;
import dev.flowline.client.Task;
import dev.flowline.metadata.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL, or stopped with SIGTERM (exit code 1, a failed run), keeps every
 * finished task's data; its workers go away; {@code resume} completes it without running the
 * finished tasks again.
 */
class InterruptionTest {
  @TempDir Path dir;

  private FlowlineCli cli() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    try (var in = getClass().getResourceAsStream("/flows/SlowFlow.java")) {
      Files.copy(in, work.resolve("SlowFlow.java"));
    }
    return new FlowlineCli(work);
  }

  /** Starts SlowFlow with one worker and waits until {@code finished} body tasks succeeded. */
  private Process startAndWait(FlowlineCli cli, int finished) throws Exception {
    Process p =
        cli.start(
            Map.of(), "SlowFlow.java", "run", "--max-workers", "1", "--run-id-file", "id.txt");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(cli.workDir().resolve("id.txt"))) {
        var run = cli.client().flow("SlowFlow").latestRun();
        if (run.isPresent() && succeeded(run.get(), "body") >= finished) {
          return p;
        }
      }
      assertThat(p.isAlive()).as("the run ended early: " + cli.err()).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("no " + finished + " body tasks finished in 60 s: " + cli.err());
  }

  private static long succeeded(Run run, String step) {
    try {
      return run.step(step).tasks().stream().filter(Task::successful).count();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static void assertGone(List<ProcessHandle> processes) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(processes).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void afterSigkillResumeCompletesAndTheFirstRunStaysReadable() throws Exception {
    var cli = cli();
    Process p = startAndWait(cli, 2);
    List<ProcessHandle> tree = p.descendants().toList();
    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    assertGone(tree);
    String firstId = Files.readString(cli.workDir().resolve("id.txt")).trim();
    Run first = cli.client().flow("SlowFlow").run(firstId);
    List<Task> done = first.step("body").tasks().stream().filter(Task::successful).toList();
    assertThat(done.size()).isGreaterThanOrEqualTo(2);

    var resumed =
        cli.run("SlowFlow.java", "resume", "--origin-run-id", firstId, "--run-id-file", "id2.txt");
    assertThat(resumed.code()).as(resumed.all()).isZero();
    String secondId = Files.readString(cli.workDir().resolve("id2.txt")).trim();
    Run second = cli.client().flow("SlowFlow").run(secondId);
    assertThat(second.successful()).isTrue();
    assertThat(second.step("join").task().artifact("squares", List.class))
        .containsExactly(1, 4, 9, 16, 25, 36, 49, 64);
    // finished tasks were cloned, not run again
    long cloned =
        second.step("body").tasks().stream().filter(t -> t.originPathspec().isPresent()).count();
    assertThat(cloned).isGreaterThanOrEqualTo(done.size());
    assertThat(second.step("start").task().originPathspec()).isPresent();
    // every artifact of the first run is still readable
    for (Task t : done) {
      for (var a : t.artifacts()) {
        assertThat(a.value()).as(t.pathspec() + " " + a.name()).isNotNull();
      }
    }
    assertThat(first.step("start").task().artifact("items", List.class)).hasSize(8);
  }

  @Test
  void sigtermStopsTheRunMarksItFailedAndKeepsFinishedTasks() throws Exception {
    var cli = cli();
    Process p = startAndWait(cli, 1);
    List<ProcessHandle> tree = p.descendants().toList();
    p.destroy(); // SIGTERM
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("an interrupted run is a failed run").isEqualTo(1);
    assertGone(tree);
    assertThat(cli.err()).contains("interrupted");
    String id = Files.readString(cli.workDir().resolve("id.txt")).trim();
    Run run = cli.client().flow("SlowFlow").run(id);
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    Task finished =
        run.step("body").tasks().stream().filter(Task::successful).findFirst().orElseThrow();
    assertThat(finished.artifact("square", Integer.class)).isPositive();
    assertThat(finished.stdout()).startsWith("square of ");
  }

  @Test
  void afterSigtermToTheRuntimeAloneTheStoppedTaskIsFailedWithItsWholeLog() throws Exception {
    var cli = cli();
    try (var in = getClass().getResourceAsStream("/flows/TickFlow.java")) {
      Files.copy(in, cli.workDir().resolve("TickFlow.java"));
    }
    Process p = cli.start(Map.of(), "TickFlow.java", "run", "--run-id-file", "id.txt");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!cli.out().contains("tick 30") && System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as("the run ended early: " + cli.err()).isTrue();
      Thread.sleep(50);
    }
    // SIGTERM to the runtime process only (as kill, a CI timeout or a container stop send it)
    p.destroy();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    String shown = cli.out();
    String lastShown =
        shown.lines().filter(l -> l.contains("] tick ")).reduce((a, b) -> b).orElseThrow();
    String lastTick = lastShown.substring(lastShown.indexOf("tick "));
    String id = Files.readString(cli.workDir().resolve("id.txt")).trim();

    Task task = cli.client().flow("TickFlow").run(id).step("tick").task();
    assertThat(task.finished()).as("the stopped task is not left running").isTrue();
    assertThat(task.successful()).isFalse();
    assertThat(task.stdout()).contains(lastTick + "\n");
    var logs = cli.run("TickFlow.java", "logs", id + "/tick");
    assertThat(logs.out()).contains(lastTick + "\n");
    assertThat(logs.err()).doesNotContain("(running)");
  }
}
