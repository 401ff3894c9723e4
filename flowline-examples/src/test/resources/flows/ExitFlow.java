import dev.flowline.FlowSpec;
import dev.flowline.Step;

/** A step that ends its JVM with System.exit(3). */
public class ExitFlow extends FlowSpec {
  @Step
  void start() {
    System.exit(3);
    next(this::end);
  }

  @Step
  void end() {}
}
