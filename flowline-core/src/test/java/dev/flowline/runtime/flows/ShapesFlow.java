package dev.flowline.runtime.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;
import java.util.List;

/** A branch inside a nested foreach, for the scheduler tests. */
public class ShapesFlow extends FlowSpec {
  List<String> outer;
  List<Integer> inner;
  int value;

  @Step
  void start() {
    outer = List.of("x", "y");
    foreach("outer", this::perOuter);
  }

  @Step
  void perOuter() {
    inner = List.of(1, 2, 3);
    foreach("inner", this::perInner);
  }

  @Step
  void perInner() {
    next(this::left, this::right);
  }

  @Step
  void left() {
    next(this::both);
  }

  @Step
  void right() {
    next(this::both);
  }

  @Step
  void both(Inputs<ShapesFlow> in) {
    next(this::innerJoin);
  }

  @Step
  void innerJoin(Inputs<ShapesFlow> in) {
    next(this::outerJoin);
  }

  @Step
  void outerJoin(Inputs<ShapesFlow> in) {
    next(this::end);
  }

  @Step
  void end() {}
}
