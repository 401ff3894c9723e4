package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;

/** Mirrors {@code hello.py}: start -> shout -> end with a string parameter {@code name}. */
public class HelloFlow extends FlowSpec {
  @Parameter(name = "name", help = "who to greet")
  String who = "world";

  String greeting;

  @Step
  void start() {
    greeting = "hello " + who;
    next(this::shout);
  }

  @Step
  void shout() {
    greeting = greeting.toUpperCase();
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(greeting);
  }
}
