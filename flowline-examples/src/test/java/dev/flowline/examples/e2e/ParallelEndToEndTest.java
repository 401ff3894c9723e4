package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.Run;
import dev.flowline.client.Task;
import dev.flowline.metadata.AttemptRecord;
import dev.flowline.metadata.AttemptStatus;
import dev.flowline.metadata.ExceptionSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gang ({@code next(this::allReduce, parallel(4))} and {@code @Parallel}) run locally through
 * {@code bin/flowline}: {@code AllReduceFlow}'s 4 nodes do a real all-reduce over TCP on the
 * loopback address; a node that exits non-zero fails the gang and stops the other nodes;
 * {@code @Retry} retries the whole gang; {@code resume} runs a failed gang again and clones a
 * successful one; {@code dump}, {@code logs} and the client API read the nodes' tasks.
 */
class ParallelEndToEndTest {
  private static final String FLOW = "dev.flowline.examples.AllReduceFlow";
  private static final long TOTAL = 500500;

  @TempDir Path dir;

  private FlowlineCli cli() throws Exception {
    return new FlowlineCli(Files.createDirectories(dir.resolve("work")));
  }

  private static String runId(FlowlineCli cli) throws Exception {
    return Files.readString(cli.workDir().resolve("id")).trim();
  }

  private static List<Task> nodes(Run run) {
    return run.step("allReduce").tasks().stream()
        .sorted(Comparator.comparingLong(t -> Long.parseLong(t.id())))
        .toList();
  }

  @Test
  void fourNodesAllReduceOverTcpAndTheJoinReceivesEveryNode() throws Exception {
    var cli = cli();
    var r = cli.run(FLOW, "run", "--run-id-file", "id");
    assertThat(r.code()).as(r.all()).isZero();
    String id = runId(cli);
    Run run = cli.client().flow("AllReduceFlow").run(id);
    List<Task> nodes = nodes(run);
    assertThat(nodes).extracting(Task::id).containsExactly("2", "3", "4", "5");
    for (int i = 0; i < 4; i++) {
      Task node = nodes.get(i);
      assertThat(node.successful()).isTrue();
      assertThat(node.artifact("nodeIndex", Integer.class)).isEqualTo(i);
      assertThat(node.artifact("total", Long.class)).isEqualTo(TOTAL);
      assertThat(node.index()).hasValue(i);
      assertThat(node.stdout()).isEqualTo("node " + i + " of 4: total " + TOTAL + "\n");
    }
    assertThat(run.step("join").task().artifact("total", Long.class)).isEqualTo(TOTAL);
    assertThat(run.step("join").task().artifact("partials", List.class))
        .containsExactly(125500L, 124750L, 125000L, 125250L);
    assertThat(r.out()).contains("[" + id + "/end/7] all-reduce of 4 nodes: total " + TOTAL);

    var dump = cli.run(FLOW, "dump", id + "/allReduce/4");
    assertThat(dump.code()).as(dump.all()).isZero();
    assertThat(dump.out()).contains("nodeIndex [size: ").contains("= 2");
    var logs = cli.run(FLOW, "logs", id + "/allReduce");
    assertThat(logs.code()).as(logs.all()).isZero();
    assertThat(logs.out())
        .contains("node 0 of 4: total " + TOTAL)
        .contains("node 3 of 4: total " + TOTAL);
  }

  @Test
  void aWorkerThatExitsNonZeroFailsTheGangStopsTheOtherNodesAndResumeRunsTheGangAgain()
      throws Exception {
    var cli = cli();
    var r = cli.run(Map.of("ALLREDUCE_FAIL_NODE", "2"), FLOW, "run", "--run-id-file", "id");
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    String id = runId(cli);
    assertThat(r.err())
        .contains(
            "["
                + id
                + "/allReduce/4] Node 2 of the gang of 4 crashed (exit code 3); stopping the"
                + " other nodes.")
        .contains(
            "Gang node 2 of 4 crashed (exit code 3); the whole gang runs again, retry 1 of 1.")
        .contains(
            "Step 'allReduce' (task AllReduceFlow/"
                + id
                + "/allReduce/4) failed as a gang: node 2 of 4 crashed (exit code 3). See 'logs "
                + id
                + "/allReduce/4'.");
    Run run = cli.client().flow("AllReduceFlow").run(id);
    List<Task> nodes = nodes(run);
    assertThat(nodes).hasSize(4);
    for (Task node : nodes) {
      // both attempts of every node failed: node 2 crashed, the others were stopped
      assertThat(node.attempts())
          .extracting(AttemptRecord::status)
          .containsExactly(AttemptStatus.FAILED, AttemptStatus.FAILED);
      String message = node.exception().map(ExceptionSummary::message).orElse("");
      if (node.id().equals("4")) {
        assertThat(node.stderr()).contains("node 2 exits with code 3 on purpose");
      } else {
        assertThat(message)
            .isEqualTo(
                "stopped: node 2 of its gang of 4 (AllReduceFlow/"
                    + id
                    + "/allReduce/4) crashed (exit code 3)");
      }
    }
    assertThat(run.steps())
        .extracting(s -> s.name())
        .containsExactlyInAnyOrder("start", "allReduce");

    var resume = cli.run(FLOW, "resume", "--run-id-file", "id2");
    assertThat(resume.code()).as(resume.all()).isZero();
    String resumed = Files.readString(cli.workDir().resolve("id2")).trim();
    assertThat(resume.err())
        .contains("Cloning previously run task AllReduceFlow/" + id + "/start/1");
    Run again = cli.client().flow("AllReduceFlow").run(resumed);
    assertThat(nodes(again)).hasSize(4).allMatch(Task::successful);
    assertThat(nodes(again)).allMatch(t -> t.originPathspec().isEmpty());
    assertThat(again.step("join").task().artifact("total", Long.class)).isEqualTo(TOTAL);
  }

  @Test
  void aControlNodeThatDiesMidRunFailsTheGang() throws Exception {
    var cli = cli();
    var r = cli.run(Map.of("ALLREDUCE_KILL_CONTROL", "1"), FLOW, "run", "--run-id-file", "id");
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    String id = runId(cli);
    assertThat(r.err())
        .contains("[" + id + "/allReduce/2] the control node dies on purpose")
        .contains("Step 'allReduce' (task AllReduceFlow/" + id + "/allReduce/")
        .contains(") failed as a gang: node ");
    List<Task> nodes = nodes(cli.client().flow("AllReduceFlow").run(id));
    assertThat(nodes).hasSize(4).noneMatch(Task::successful);
    for (Task node : nodes) {
      // the gang ran twice (@Retry(times = 1)); each time the control node died
      assertThat(node.attempts()).hasSize(2);
    }
  }

  @Test
  void theControlPortIsMetaflowKubernetesPortWhenSetAndAFreePortOtherwise() throws Exception {
    var cli = cli();
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var r =
        cli.run(
            Map.of("METAFLOW_KUBERNETES_PORT", Integer.toString(port)),
            FLOW,
            "run",
            "--run-id-file",
            "id");
    assertThat(r.code()).as(r.all()).isZero();
    Run run = cli.client().flow("AllReduceFlow").run(runId(cli));
    assertThat(nodes(run)).allMatch(t -> t.artifact("controlPort", Integer.class) == port);

    var bad =
        cli.run(Map.of("METAFLOW_KUBERNETES_PORT", "None"), FLOW, "run", "--run-id-file", "id");
    assertThat(bad.code()).as(bad.all()).isEqualTo(1);
    assertThat(bad.err())
        .contains(
            "The gang of step 'allReduce' cannot start: METAFLOW_KUBERNETES_PORT=\"None\" is not a"
                + " port (a whole number from 1 to 65535); set e.g. METAFLOW_KUBERNETES_PORT=8080 or"
                + " unset it to use a free port");
  }

  @Test
  void retryRunsTheWholeGangAgain() throws Exception {
    var cli = cli();
    var r =
        cli.run(
            Map.of("ALLREDUCE_FAIL_NODE", "1", "ALLREDUCE_FAIL_ATTEMPTS", "1"),
            FLOW,
            "run",
            "--run-id-file",
            "id");
    assertThat(r.code()).as(r.all()).isZero();
    String id = runId(cli);
    assertThat(r.err())
        .contains(
            "Gang node 1 of 4 crashed (exit code 3); the whole gang runs again, retry 1 of 1.");
    for (Task node : nodes(cli.client().flow("AllReduceFlow").run(id))) {
      assertThat(node.attempts())
          .extracting(AttemptRecord::status)
          .containsExactly(AttemptStatus.FAILED, AttemptStatus.OK);
      assertThat(node.artifact("total", Long.class)).isEqualTo(TOTAL);
    }
  }

  @Test
  void resumeClonesASuccessfulGang() throws Exception {
    var cli = cli();
    var r = cli.run(Map.of("ALLREDUCE_FAIL_JOIN", "1"), FLOW, "run", "--run-id-file", "id");
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    String id = runId(cli);
    var resume = cli.run(FLOW, "resume", "--run-id-file", "id2");
    assertThat(resume.code()).as(resume.all()).isZero();
    for (String task : List.of("2", "3", "4", "5")) {
      assertThat(resume.err())
          .contains("Cloning previously run task AllReduceFlow/" + id + "/allReduce/" + task);
    }
    Run again =
        cli.client()
            .flow("AllReduceFlow")
            .run(Files.readString(cli.workDir().resolve("id2")).trim());
    assertThat(nodes(again)).hasSize(4).allMatch(t -> t.originPathspec().isPresent());
    assertThat(again.step("join").task().artifact("total", Long.class)).isEqualTo(TOTAL);
  }

  @Test
  void checkAndRunRejectABadGangWithExit2AndEveryProblem() throws Exception {
    var cli = cli();
    Path flow = cli.workDir().resolve("BadGangFlow.java");
    Files.writeString(
        flow,
        String.join(
            "\n",
            "import dev.flowline.*;",
            "public class BadGangFlow extends FlowSpec {",
            "  @Step void start() { next(this::train, parallel(1)); }",
            "  @Catch @Parallel @Step void train() { next(this::end); }",
            "  @Step void end() {}",
            "}",
            ""));
    for (String command : List.of("check", "run")) {
      var r = cli.run(flow.toString(), command);
      assertThat(r.code()).as(r.all()).isEqualTo(2);
      assertThat(r.err())
          .contains(
              "step 'start': next(this::train, parallel(1)) starts a gang of 1 node, but a gang has"
                  + " at least 2 nodes; use parallel(2) or more, or next(this::train) for a single"
                  + " task.")
          .contains(
              "step 'train': it is a @Parallel step and goes to end, but a gang step goes directly"
                  + " to a join")
          .contains("step 'train': @Catch is not allowed on a @Parallel step");
    }
    assertThat(cli.workDir().resolve(".metaflow/BadGangFlow")).doesNotExist();
  }
}
