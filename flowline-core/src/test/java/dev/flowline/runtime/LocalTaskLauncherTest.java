package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.config.Config;
import dev.flowline.graph.GraphReader;
import dev.flowline.metadata.NewRun;
import dev.flowline.model.FlowModel;
import dev.flowline.runtime.flows.LinearFlow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local launcher with real worker JVMs, and timers that misbehave on purpose. */
class LocalTaskLauncherTest {
  @TempDir Path dir;

  private static final Map<String, String> ENV =
      Map.of("METAFLOW_USER", "tester", "PATH", System.getenv("PATH"));

  private final FlowModel model = new GraphReader().read(LinearFlow.class);

  /** Records what a launcher reports about one attempt. */
  private static final class Recorder implements AttemptListener {
    final CompletableFuture<AttemptOutcome> outcome = new CompletableFuture<>();
    final StringBuilder lines = new StringBuilder();

    @Override
    public void started() {}

    @Override
    public synchronized void line(boolean stderr, String line) {
      lines.append(line).append('\n');
    }

    @Override
    public void finished(AttemptOutcome o) {
      outcome.complete(o);
    }

    AttemptOutcome await() throws InterruptedException, ExecutionException, TimeoutException {
      return outcome.get(60, TimeUnit.SECONDS);
    }
  }

  /**
   * Timers whose timer fires late: when the attempt cancels it after its end, it runs first (the
   * race of a limit passing just as the task returns).
   */
  private static final class LateTimers extends ScheduledThreadPoolExecutor {
    LateTimers() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      ScheduledFuture<?> real = super.schedule(command, 1, TimeUnit.HOURS);
      return new ScheduledFuture<Object>() {
        @Override
        public boolean cancel(boolean mayInterrupt) {
          command.run();
          return real.cancel(mayInterrupt);
        }

        @Override
        public long getDelay(TimeUnit u) {
          return real.getDelay(u);
        }

        @Override
        public int compareTo(Delayed o) {
          return real.compareTo(o);
        }

        @Override
        public boolean isCancelled() {
          return real.isCancelled();
        }

        @Override
        public boolean isDone() {
          return real.isDone();
        }

        @Override
        public Object get() throws InterruptedException, ExecutionException {
          return real.get();
        }

        @Override
        public Object get(long t, TimeUnit u)
            throws InterruptedException, ExecutionException, TimeoutException {
          return real.get(t, u);
        }
      };
    }
  }

  private RunStore storeWithRun() throws Exception {
    var store = RunStore.open(null, Config.load(Map.of(), dir), model.name());
    store
        .metadata()
        .startRun(new NewRun("LinearFlow", "r1", "tester", List.of(), List.of(), Map.of()));
    return store;
  }

  private TaskAttempt attempt(
      String step,
      String taskId,
      List<String> inputs,
      Optional<Duration> limit,
      Map<String, String> env) {
    var spec =
        new TaskSpec(
            LinearFlow.class.getName(), "r1", step, taskId, 0, inputs, Optional.empty(), List.of());
    return new TaskAttempt(spec, model.step(step), limit, env, Optional.empty());
  }

  @Test
  void aTimerThatFiresAfterTheTaskEndedLeavesTheAttemptSuccessfulAndTheWorkerAlive()
      throws Exception {
    var jvm = JvmCommand.forCurrentProcess(List.of(), List.of());
    try (var store = storeWithRun();
        var pool = new WorkerPool(jvm, LinearFlow.class.getName(), dir, ENV, 1);
        var launcher = new LocalTaskLauncher(pool, jvm, dir, ENV, store, new LateTimers())) {
      var first = new Recorder();
      launcher.launch(
          attempt("start", "1", List.of(), Optional.of(Duration.ofHours(1)), Map.of()), first);
      assertThat(first.await())
          .as(first.lines.toString())
          .isEqualTo(new AttemptOutcome.Succeeded());
      var workers = pool.pids();
      assertThat(workers).hasSize(1);
      var second = new Recorder();
      launcher.launch(
          attempt("end", "2", List.of("r1/start/1"), Optional.of(Duration.ofHours(1)), Map.of()),
          second);
      assertThat(second.await())
          .as(second.lines.toString())
          .isEqualTo(new AttemptOutcome.Succeeded());
      assertThat(pool.pids()).as("the same worker, not killed").isEqualTo(workers);
    }
  }

  @Test
  void anUnexpectedExceptionInTheLauncherStillEndsTheAttempt() throws Exception {
    // a java executable that is null makes ProcessBuilder throw a NullPointerException
    var broken = new JvmCommand(null, List.of(), List.of(), List.of());
    try (var store = storeWithRun();
        var pool = new WorkerPool(broken, LinearFlow.class.getName(), dir, ENV, 1);
        var launcher = new LocalTaskLauncher(pool, broken, dir, ENV, store)) {
      var recorder = new Recorder();
      launcher.launch(
          attempt("start", "1", List.of(), Optional.empty(), Map.of("A", "b")), recorder);
      assertThat(recorder.await()).isInstanceOf(AttemptOutcome.InfrastructureFailure.class);
      assertThat(((AttemptOutcome.InfrastructureFailure) recorder.await()).message())
          .contains("NullPointerException");
    }
  }
}
