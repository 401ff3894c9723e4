package dev.flowline.examples;

import dev.flowline.*;

/** The flow of the design page: greets {@code --name}, shouts the greeting, prints it. */
public class HelloFlow extends FlowSpec {
  @Parameter(help = "who to greet")
  String name = "world"; // a parameter, also an artifact

  String greeting; // an artifact

  @Step
  public void start() {
    greeting = "hello " + name;
    next(this::shout);
  }

  @Step
  public void shout() {
    greeting = greeting.toUpperCase();
    next(this::end);
  }

  @Step
  public void end() {
    System.out.println(greeting);
  }
}
