import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Retry;
import dev.flowline.Step;

/** A step that fails on its first attempt ({@code --mode once}) or on every attempt ({@code always}). */
public class FlakyArgoFlow extends FlowSpec {
  @Parameter(help = "once or always")
  String mode = "once";

  int attempt;

  @Step
  void start() {
    next(this::flaky);
  }

  @Retry(times = 1, minutesBetweenRetries = 0)
  @Step
  void flaky() {
    attempt = current().retryCount();
    if (mode.equals("always") || attempt == 0) {
      throw new IllegalStateException("flaky fails on attempt " + attempt);
    }
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("flaky succeeded on attempt " + attempt);
  }
}
