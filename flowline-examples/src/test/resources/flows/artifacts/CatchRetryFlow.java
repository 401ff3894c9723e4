import dev.flowline.Catch;
import dev.flowline.FlowSpec;
import dev.flowline.Retry;
import dev.flowline.Step;

/**
 * A caught step keeps the input's artifacts plus every field assigned before the exception; an
 * assignment that never ran keeps the input's value. A retried attempt starts from the input's
 * artifacts, never from the failed attempt's partial state.
 */
public class CatchRetryFlow extends FlowSpec {
  String model;
  String first;
  int second;
  double third;
  Exception error;
  String partial;
  int attemptSeen;
  String summary;

  @Step
  void start() {
    model = "v1";
    first = "first-0";
    second = 0;
    third = 0.25;
    partial = "input";
    next(this::risky);
  }

  @Catch(var = "error")
  @Step
  void risky() {
    first = "first-1";
    second = 2;
    model = build();
    third = 9.75; // never runs
    next(this::flaky);
  }

  private String build() {
    throw new IllegalStateException("the model does not converge");
  }

  @Retry(times = 1, minutesBetweenRetries = 0)
  @Step
  void flaky() {
    attemptSeen = current().retryCount();
    if (current().retryCount() == 0) {
      partial = "from-attempt-0";
      throw new IllegalStateException("transient failure");
    }
    next(this::end);
  }

  @Step
  void end() {
    summary =
        "model="
            + model
            + " first="
            + first
            + " second="
            + second
            + " third="
            + third
            + " error="
            + (error == null ? null : error.getMessage())
            + " partial="
            + partial
            + " attemptSeen="
            + attemptSeen;
    System.out.println(summary);
  }
}
