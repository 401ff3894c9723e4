import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;

/**
 * A join that neither merges nor assigns {@code mode}: the step after it reads mode, which no input
 * path provides. {@code check} reports it, and {@code run} stops before it starts.
 */
public class JoinWithoutMergeFlow extends FlowSpec {
  String mode = "default";

  @Step
  void start() {
    mode = "production";
    next(this::a, this::b);
  }

  @Step
  void a() {
    next(this::join);
  }

  @Step
  void b() {
    next(this::join);
  }

  @Step
  void join(Inputs<JoinWithoutMergeFlow> inputs) {
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("mode=" + mode);
  }
}
