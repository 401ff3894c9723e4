package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;

/** Typed parameters: a required string, an int, a double and a boolean with defaults. */
public class ParametersFlow extends FlowSpec {
  @Parameter(help = "who to greet", required = true)
  String name;

  @Parameter(help = "how many times")
  int times = 2;

  @Parameter(help = "a ratio")
  double ratio = 0.5;

  @Parameter(help = "shout or not")
  boolean loud;

  String greeting;

  @Step
  void start() {
    greeting = ("hello " + name + " ").repeat(times) + ratio;
    if (loud) {
      greeting = greeting.toUpperCase();
    }
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(greeting);
  }
}
