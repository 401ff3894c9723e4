import dev.flowline.FlowSpec;
import dev.flowline.Step;

/** An artifact field whose type can never be stored. */
public class UnstorableFlow extends FlowSpec {
  Thread worker;

  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
