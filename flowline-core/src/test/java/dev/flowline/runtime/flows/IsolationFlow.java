package dev.flowline.runtime.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;
import java.util.List;

/**
 * Each foreach task increments a static counter and records what it saw: with a fresh class loader
 * per task every task sees 1.
 */
public class IsolationFlow extends FlowSpec {
  static int counter;

  List<Integer> items;
  int seen;
  int index;
  int item;
  List<Integer> allSeen;
  List<Integer> allItems;
  String env;

  @Step
  void start() {
    items = List.of(10, 20, 30, 40, 50, 60);
    foreach("items", this::body);
  }

  @Step
  void body() {
    seen = ++counter;
    index = index();
    item = input(Integer.class);
    next(this::join);
  }

  @Step
  void join(Inputs<IsolationFlow> inputs) {
    allSeen = inputs.map(f -> f.seen);
    allItems = inputs.map(f -> f.item);
    next(this::end);
  }

  @dev.flowline.Environment(vars = {"FLOWLINE_TEST_VAR=from-environment"})
  @Step
  void end() {
    env = System.getenv("FLOWLINE_TEST_VAR");
  }
}
