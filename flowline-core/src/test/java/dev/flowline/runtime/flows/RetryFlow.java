package dev.flowline.runtime.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Retry;
import dev.flowline.Step;

/** Fails on attempts 0 and 1 of start, succeeds on attempt 2. */
public class RetryFlow extends FlowSpec {
  int attempt;

  @Retry(times = 2, minutesBetweenRetries = 0)
  @Step
  void start() {
    attempt = current().retryCount();
    System.out.println("attempt " + attempt);
    if (attempt < 2) {
      throw new IllegalStateException("failing attempt " + attempt);
    }
    next(this::end);
  }

  @Step
  void end() {}
}
