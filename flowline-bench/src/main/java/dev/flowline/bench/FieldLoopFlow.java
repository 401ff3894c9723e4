package dev.flowline.bench;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import java.util.Arrays;

/**
 * The worst case for field tracking: a step whose hot loop reads and assigns flow fields (not
 * locals) {@code rounds} x 1000 times; it prints the loop's own time, so the cost of the added
 * field-access calls is seen apart from start-up. Run: {@code bin/flowline
 * flowline-bench/src/main/java/dev/flowline/bench/FieldLoopFlow.java run}.
 */
public class FieldLoopFlow extends FlowSpec {
  @Parameter(help = "rounds over the 1000 weights")
  int rounds = 100_000;

  double[] weights;
  double sum;
  long count;

  @Step
  void start() {
    weights = new double[1000];
    Arrays.fill(weights, 0.5);
    next(this::loop);
  }

  @Step
  void loop() {
    long t0 = System.nanoTime();
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < weights.length; i++) {
        sum += weights[i];
        count++;
      }
    }
    System.out.printf("loop: %d field updates in %.0f ms%n", count, (System.nanoTime() - t0) / 1e6);
    next(this::end);
  }

  @Step
  void end() {}
}
