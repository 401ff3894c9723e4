package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Parallel;
import dev.flowline.Retry;
import dev.flowline.Step;
import java.util.List;

/**
 * start -> a gang of 4 nodes of train (@Parallel, @Retry) -> join -> end: AllReduceFlow's shape.
 */
public class GangFlow extends FlowSpec {
  int node;
  List<Integer> nodes;

  @Step
  void start() {
    next(this::train, parallel(4));
  }

  @Parallel
  @Retry(times = 1, minutesBetweenRetries = 0)
  @Step
  void train() {
    node = current().parallel().nodeIndex();
    next(this::join);
  }

  @Step
  void join(Inputs<GangFlow> inputs) {
    nodes = inputs.map(f -> f.node);
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(nodes);
  }
}
