package dev.flowline.examples;

import dev.flowline.Catch;
import dev.flowline.FlowSpec;
import dev.flowline.Retry;
import dev.flowline.Step;

/**
 * Failure handling: {@code start} fails on its first attempt and succeeds on the retry
 * ({@code @Retry}), and {@code parse} always fails, but {@code @Catch(var = "failure")} stores the
 * exception in the artifact {@code failure} and the run goes on to {@code end}.
 */
public class RetryCatchFlow extends FlowSpec {
  int succeededOnAttempt;
  String text = "not a number";
  int parsed;

  @Retry(times = 2, minutesBetweenRetries = 0)
  @Step
  void start() {
    int attempt = current().retryCount();
    if (attempt == 0) {
      throw new IllegalStateException("start fails on purpose on attempt 0; the retry succeeds");
    }
    succeededOnAttempt = attempt;
    next(this::parse);
  }

  @Catch(var = "failure")
  @Step
  void parse() {
    parsed = Integer.parseInt(text);
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("start succeeded on attempt " + succeededOnAttempt + "; parsed = " + parsed);
  }
}
