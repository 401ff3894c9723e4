package dev.flowline.bench;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Parameter;
import dev.flowline.Step;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The task start-up benchmark of {@code run-benchmarks.sh}: a foreach of {@code --width} (default
 * 100) trivial tasks, each squaring its index, and a join that sums the squares. Almost all of its
 * time is the runtime's per-task cost (scheduling, worker hand-off, loading the flow class, reading
 * and saving artifacts).
 *
 * <p>Run it from a checkout with {@code bin/flowline
 * flowline-bench/src/main/java/dev/flowline/bench/WideForeachFlow.java run}; {@code bin/flowline}
 * compiles the single file on the fly.
 */
public class WideForeachFlow extends FlowSpec {
  @Parameter(help = "number of foreach tasks (at most --max-num-splits, default 100)")
  int width = 100;

  List<Integer> items;
  int item;
  long square;
  long total;
  int tasks;

  @Step
  void start() {
    items = IntStream.range(0, width).boxed().toList();
    foreach("items", this::square);
  }

  @Step
  void square() {
    item = input(Integer.class);
    square = (long) item * item;
    next(this::join);
  }

  @Step
  void join(Inputs<WideForeachFlow> inputs) {
    total = inputs.stream().mapToLong(f -> f.square).sum();
    tasks = inputs.size();
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(tasks + " tasks, sum of squares " + total);
  }
}
