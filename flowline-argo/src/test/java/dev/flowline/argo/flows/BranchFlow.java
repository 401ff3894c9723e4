package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;

/** start -> {left, right} -> join -> end. */
public class BranchFlow extends FlowSpec {
  int value;
  int sum;

  @Step
  void start() {
    value = 1;
    next(this::left, this::right);
  }

  @Step
  void left() {
    value = value + 10;
    next(this::join);
  }

  @Step
  void right() {
    value = value + 20;
    next(this::join);
  }

  @Step
  void join(Inputs<BranchFlow> inputs) {
    sum = inputs.stream().mapToInt(f -> f.value).sum();
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(sum);
  }
}
