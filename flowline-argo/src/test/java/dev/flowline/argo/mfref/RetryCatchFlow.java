package dev.flowline.argo.mfref;

import dev.flowline.Catch;
import dev.flowline.FlowSpec;
import dev.flowline.Retry;
import dev.flowline.Step;

/** Mirrors {@code retry_catch.py}: @Retry(times = 2, minutesBetweenRetries = 0) and @Catch. */
public class RetryCatchFlow extends FlowSpec {
  String text;
  int parsed;
  Exception failure;

  @Retry(times = 2, minutesBetweenRetries = 0)
  @Step
  void start() {
    text = "not a number";
    next(this::parse);
  }

  @Catch(var = "failure")
  @Step
  void parse() {
    parsed = Integer.parseInt(text);
    next(this::end);
  }

  @Step
  void end() {}
}
