package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.Flowline;
import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Run;
import dev.flowline.config.Config;
import dev.flowline.datastore.Datastores;
import dev.flowline.runtime.flows.ClosedStdoutFlow;
import dev.flowline.runtime.flows.InProcessFlow;
import dev.flowline.runtime.flows.LeftoverThreadFlow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a task can do to its worker, and a second launcher beside the local one. */
class WorkerIsolationTest {
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
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aTaskThatClosesTheWorkersStdoutAndStderrDoesNotHangTheRun() throws Exception {
    Result r = flowline(ClosedStdoutFlow.class.getName(), "run", "--max-workers", "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("before closing")
        .contains("after closing")
        .contains("end: started");
    var start = latestRun("ClosedStdoutFlow").step("start").task();
    assertThat(start.stdout()).isEqualTo("before closing\nafter closing\n");
  }

  @Test
  void outputOfAThreadAnEarlierTaskLeftRunningStaysOutOfTheNextTask() throws Exception {
    Result r = flowline(LeftoverThreadFlow.class.getName(), "run", "--max-workers", "1");
    assertThat(r.code()).as(r.err()).isZero();
    var run = latestRun("LeftoverThreadFlow");
    var end = run.step("end").task();
    assertThat(end.stdout()).isEqualTo("end output\n");
    assertThat(r.err()).contains("this task left threads running its code");
    // the worker that ran start was retired: end ran on a new one
    assertThat(end.artifact("endPid", Long.class))
        .isNotEqualTo(run.step("start").task().artifact("startPid", Long.class));
  }

  @Test
  void aSecondLauncherRunsItsStepsWithoutChangesToTheRuntime() throws Exception {
    Result r = flowline(InProcessFlow.class.getName(), "run");
    assertThat(r.code()).as(r.err()).isZero();
    Run run = latestRun("InProcessFlow");
    long here = ProcessHandle.current().pid();
    assertThat(run.step("middle").task().artifact("middlePid", Long.class)).isEqualTo(here);
    assertThat(run.step("start").task().artifact("startPid", Long.class)).isNotEqualTo(here);
    assertThat(run.systemTags()).contains("runtime:local", "runtime:in-process");
    assertThat(r.out()).contains("/middle/2] middle ran");
  }

  @Test
  void aDisruptedAttemptRunsAgainWithoutUsingUpRetry() throws Exception {
    InProcessLauncherFactory.DISRUPT_NEXT.set(1);
    Result r = flowline(InProcessFlow.class.getName(), "run");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err())
        .contains(
            "Task was disrupted (its node went away); running it again (1 of 1 for"
                + " infrastructure failures; @Retry is not used up).");
    Run run = latestRun("InProcessFlow");
    assertThat(run.step("middle").task().attempts()).hasSize(2);
  }

  @Test
  void disruptionsBeyondTheBudgetFailTheRun() throws Exception {
    InProcessLauncherFactory.DISRUPT_NEXT.set(2);
    Result r = flowline(InProcessFlow.class.getName(), "run");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).contains("Step 'middle'").contains("was disrupted (its node went away)");
  }
}
