package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Retry;
import dev.flowline.Step;
import dev.flowline.Timeout;

/** start -> work -> end, with a retried and time-limited step. */
public class LinearFlow extends FlowSpec {
  String message;

  @Step
  void start() {
    message = "hello";
    next(this::work);
  }

  @Retry(times = 2, minutesBetweenRetries = 1)
  @Timeout(minutes = 10)
  @Step
  void work() {
    message = message.toUpperCase();
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(message);
  }
}
