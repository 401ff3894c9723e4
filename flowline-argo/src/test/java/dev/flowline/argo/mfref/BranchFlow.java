package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;

/** Mirrors {@code branch.py}: start -> {twice, square} -> join -> end. */
public class BranchFlow extends FlowSpec {
  int x;
  int result;
  int total;

  @Step
  void start() {
    x = 7;
    next(this::twice, this::square);
  }

  @Step
  void twice() {
    result = 2 * x;
    next(this::join);
  }

  @Step
  void square() {
    result = x * x;
    next(this::join);
  }

  @Step
  void join(Inputs<BranchFlow> inputs) {
    total = inputs.stream().mapToInt(f -> f.result).sum();
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(total);
  }
}
