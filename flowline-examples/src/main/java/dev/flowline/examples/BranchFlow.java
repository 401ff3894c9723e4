package dev.flowline.examples;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;

/**
 * A static branch: {@code start} fans out to {@code twice} and {@code square}, which run in
 * parallel, and {@code join} combines their results ({@code total = 2x + x²} = 63 for x = 7).
 */
public class BranchFlow extends FlowSpec {
  int x;
  int doubled;
  int squared;
  int total;

  @Step
  void start() {
    x = 7;
    next(this::twice, this::square);
  }

  @Step
  void twice() {
    doubled = 2 * x;
    next(this::join);
  }

  @Step
  void square() {
    squared = x * x;
    next(this::join);
  }

  @Step
  void join(Inputs<BranchFlow> inputs) {
    mergeArtifacts(inputs, "doubled", "squared", "total");
    doubled = inputs.fromStep("twice").doubled;
    squared = inputs.fromStep("square").squared;
    total = doubled + squared;
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("x = " + x + ", 2x + x*x = " + total);
  }
}
