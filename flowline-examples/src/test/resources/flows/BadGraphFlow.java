import dev.flowline.FlowSpec;
import dev.flowline.Step;

/** Two graph problems at once: a step that goes nowhere and no end step. */
public class BadGraphFlow extends FlowSpec {
  @Step
  void start() {
    next(this::middle);
  }

  @Step
  void middle() {}
}
