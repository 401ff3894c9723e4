package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;
import java.util.List;

/** start -> foreach item in items: square -> join -> end. */
public class ForeachFlow extends FlowSpec {
  List<Integer> items;
  int square;
  List<Integer> squares;

  @Step
  void start() {
    items = List.of(1, 2, 3);
    foreach("items", this::square);
  }

  @Step
  void square() {
    square = input(Integer.class) * input(Integer.class);
    next(this::join);
  }

  @Step
  void join(Inputs<ForeachFlow> inputs) {
    squares = inputs.map(f -> f.square);
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(squares);
  }
}
