package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.Flowline;
import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Run;
import dev.flowline.config.Config;
import dev.flowline.datastore.Datastores;
import dev.flowline.datastore.TaskPath;
import dev.flowline.graph.GraphReader;
import dev.flowline.metadata.AttemptStatus;
import dev.flowline.metadata.NewRun;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.runtime.flows.CatchFlow;
import dev.flowline.runtime.flows.IsolationFlow;
import dev.flowline.runtime.flows.LinearFlow;
import dev.flowline.runtime.flows.RetryFlow;
import dev.flowline.runtime.flows.TimeoutFlow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs test flows in this JVM's runtime (tasks on real worker JVMs) and reads the results back. */
class LocalRuntimeTest {
  @TempDir Path dir;

  private static final Map<String, String> ENV =
      Map.of("METAFLOW_USER", "tester", "PATH", System.getenv("PATH"));

  record Result(int code, String out, String err) {}

  private Result flowline(String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code =
        Flowline.execute(
            List.of(args),
            ENV,
            dir,
            getClass().getClassLoader(),
            new PrintStream(out, true),
            new PrintStream(err, true));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Run latestRun(String flow) throws Exception {
    var client =
        FlowlineClient.of(Datastores.open(null, Config.load(Map.of(), dir)))
            .withClassLoader(getClass().getClassLoader());
    return client.flow(flow).latestRun().orElseThrow();
  }

  @Test
  void retriesNumberAttemptsUntilOneSucceeds() throws Exception {
    Result r = flowline(RetryFlow.class.getName(), "run");
    assertThat(r.code()).as(r.err()).isZero();
    var task = latestRun("RetryFlow").step("start").task();
    assertThat(task.attempts())
        .extracting(a -> a.status())
        .containsExactly(AttemptStatus.FAILED, AttemptStatus.FAILED, AttemptStatus.OK);
    assertThat(task.artifact("attempt", Integer.class)).isEqualTo(2);
    assertThat(task.log(dev.flowline.datastore.LogStream.STDOUT, 1)).isEqualTo("attempt 1\n");
    assertThat(task.log(dev.flowline.datastore.LogStream.STDERR, 0))
        .contains("java.lang.IllegalStateException: failing attempt 0");
    assertThat(r.err())
        .contains("Task failed; retry 1 of 2.")
        .contains("Task failed; retry 2 of 2.");
  }

  @Test
  void catchStoresTheExceptionAndTheTimeoutAndTheRunGoesOn() throws Exception {
    Result r = flowline(CatchFlow.class.getName(), "run");
    assertThat(r.code()).as(r.err()).isZero();
    Run run = latestRun("CatchFlow");
    assertThat(run.successful()).isTrue();
    var start = run.step("start").task();
    assertThat(start.artifact("error", Exception.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad input in start");
    assertThat(start.artifact("before", String.class)).isEqualTo("set before the failure");
    var slow = run.step("slow").task();
    assertThat(slow.attempts())
        .extracting(a -> a.status())
        .containsExactly(AttemptStatus.FAILED, AttemptStatus.OK);
    assertThat(slow.artifact("slowError", Object.class).toString())
        .isEqualTo("dev.flowline.runtime.TaskFailure: task timed out after 1 s");
    assertThat(run.step("end").task().artifact("reached", String.class)).isEqualTo("end");
  }

  @Test
  void aTimeoutKillsTheAttemptAndFailsTheRun() throws Exception {
    long t0 = System.nanoTime();
    Result r = flowline(TimeoutFlow.class.getName(), "run");
    assertThat(r.code()).isEqualTo(1);
    // The task sleeps 600 s: ending well before proves the kill (a loose bound, not a timing test).
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(300_000);
    assertThat(r.err()).contains("Step 'start'").contains("timed out after 5 s");
    Run run = latestRun("TimeoutFlow");
    assertThat(run.successful()).isFalse();
    var task = run.step("start").task();
    assertThat(task.status()).isEqualTo(AttemptStatus.FAILED);
    assertThat(task.stdout()).isEqualTo("sleeping\n");
    assertThat(task.exception().orElseThrow().message()).contains("timed out");
  }

  @Test
  void everyTaskGetsFreshUserClassesAndForeachItemsInOrder() throws Exception {
    Result r = flowline(IsolationFlow.class.getName(), "run", "--max-workers", "2");
    assertThat(r.code()).as(r.err()).isZero();
    var join = latestRun("IsolationFlow").step("join").task();
    assertThat(join.artifact("allSeen", List.class)).containsExactly(1, 1, 1, 1, 1, 1);
    assertThat(join.artifact("allItems", List.class)).containsExactly(10, 20, 30, 40, 50, 60);
    var end = latestRun("IsolationFlow").step("end").task();
    assertThat(end.artifact("env", String.class)).isEqualTo("from-environment");
  }

  @Test
  void aTransitionThatDiffersFromTheStaticGraphFailsTheTask() throws Exception {
    FlowModel read = new GraphReader().read(LinearFlow.class);
    var steps = new ArrayList<StepModel>();
    for (StepModel s : read.steps()) {
      steps.add(
          s.name().equals("start")
              ? new StepModel(
                  s.name(),
                  s.type(),
                  List.of("elsewhere"),
                  s.foreachField(),
                  s.inputs(),
                  s.decorators(),
                  s.line())
              : s);
    }
    var model = new FlowModel(read.name(), read.className(), steps, read.parameters());
    try (var store = RunStore.open(null, Config.load(Map.of(), dir), model.name())) {
      store
          .metadata()
          .startRun(new NewRun("LinearFlow", "r1", "tester", List.of(), List.of(), Map.of()));
      var spec =
          new TaskSpec(
              LinearFlow.class.getName(),
              "r1",
              "start",
              "1",
              0,
              List.of(),
              Optional.empty(),
              List.of());
      int code =
          new StepExecutor(
                  model, new FlowFields(TrackedFlows.load(LinearFlow.class)), store, "tester")
              .execute(spec, Optional.empty());
      assertThat(code).isEqualTo(1);
      var attempt =
          store.metadata().attempts(new TaskPath("LinearFlow", "r1", "start", "1")).get(0);
      assertThat(attempt.status()).isEqualTo(AttemptStatus.FAILED);
      assertThat(attempt.exception().orElseThrow().message())
          .contains(
              "step 'start': the static graph says next(elsewhere) but the step called next(end)");
    }
  }
}
