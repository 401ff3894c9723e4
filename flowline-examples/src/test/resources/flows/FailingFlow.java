import dev.flowline.FlowSpec;
import dev.flowline.Step;

/** start -> boom (always throws) -> end: the run fails unless {@code --with catch} is given. */
public class FailingFlow extends FlowSpec {
  String before;

  @Step
  void start() {
    before = "kept";
    next(this::boom);
  }

  @Step
  void boom() {
    if (before.equals("kept")) {
      throw new IllegalStateException("boom fails on purpose");
    }
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("end after " + before);
  }
}
