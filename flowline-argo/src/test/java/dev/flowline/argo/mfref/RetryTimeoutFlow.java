package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Retry;
import dev.flowline.Step;
import dev.flowline.Timeout;

/** Mirrors {@code retry_timeout.py}: @Retry with and without options, @Timeout in two forms. */
public class RetryTimeoutFlow extends FlowSpec {
  @Retry(times = 4, minutesBetweenRetries = 5)
  @Timeout(minutes = 10)
  @Step
  void start() {
    next(this::slow);
  }

  @Timeout(hours = 1, seconds = 30)
  @Step
  void slow() {
    next(this::flaky);
  }

  @Retry
  @Step
  void flaky() {
    next(this::end);
  }

  @Step
  void end() {}
}
