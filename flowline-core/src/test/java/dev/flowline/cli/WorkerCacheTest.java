package dev.flowline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.cli.FlowResolver.ResolvedFlow;
import dev.flowline.runtime.flows.ShapesFlow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A warm worker's cache: kept state must never carry one task's options into the next. */
class WorkerCacheTest {
  @TempDir Path tmp;

  private CliContext context(WorkerCache cache) {
    var nowhere = new PrintWriter(new StringWriter());
    return new CliContext(
        ShapesFlow.class.getName(),
        new ResolvedFlow(ShapesFlow.class, List.of()),
        Map.of(),
        tmp,
        nowhere,
        nowhere,
        cache);
  }

  private static StepCommand parse(CommandLine root, String... args) {
    root.parseArgs(args);
    return root.getSubcommands().get("step").getCommand();
  }

  @Test
  void theStepCommandIsBuiltOnceAndForgetsThePreviousTasksOptions() {
    var cache = WorkerCache.forWorker();
    new FlowCli(context(cache)).warmUp();
    CommandLine first = cache.stepCommandLine(() -> null);
    StepCommand a =
        parse(
            first,
            "step",
            "perInner",
            "--run-id",
            "1",
            "--task-id",
            "7",
            "--attempt",
            "2",
            "--split-index",
            "3",
            "--input-paths",
            "1/perOuter/4",
            "--tag",
            "a",
            "--tag",
            "b",
            "--with",
            "retry",
            "--handled-failure",
            "boom");
    assertThat(a.tags).containsExactly("a", "b");
    assertThat(a.with).containsExactly("retry");
    assertThat(a.splitIndex).isEqualTo(3);

    CommandLine second = cache.stepCommandLine(() -> null);
    assertThat(second).isSameAs(first);
    StepCommand b = parse(second, "step", "start", "--run-id", "1", "--task-id", "1");
    assertThat(b.step).isEqualTo("start");
    assertThat(b.tags).isEmpty();
    assertThat(b.with).isEmpty();
    assertThat(b.splitIndex).isNull();
    assertThat(b.inputPaths).isNull();
    assertThat(b.attempt).isZero();
    assertThat(b.handledFailure).isNull();
    assertThat(b.datastoreSelection.kind()).isEmpty();

    StepCommand c = parse(second, "step", "end", "--run-id", "1", "--task-id", "9", "--tag", "c");
    assertThat(c.tags).containsExactly("c");
  }

  @Test
  void theModelIsReadOnceForAWorkerAndEveryTimeOtherwise() {
    var cache = WorkerCache.forWorker();
    var model = context(cache).model();
    assertThat(context(cache).model()).isSameAs(model);
    assertThat(context(WorkerCache.none()).model()).isNotSameAs(model).isEqualTo(model);
  }

  @Test
  void derivedValuesAreComputedOncePerWorker() {
    var cache = WorkerCache.forWorker();
    var calls = new java.util.concurrent.atomic.AtomicInteger();
    assertThat(cache.get("k", () -> "v" + calls.incrementAndGet())).isEqualTo("v1");
    assertThat(cache.get("k", () -> "v" + calls.incrementAndGet())).isEqualTo("v1");
    assertThat(WorkerCache.none().get("k", () -> "v" + calls.incrementAndGet())).isEqualTo("v2");
  }
}
