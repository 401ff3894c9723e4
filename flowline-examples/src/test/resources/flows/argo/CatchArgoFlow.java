import dev.flowline.Catch;
import dev.flowline.FlowSpec;
import dev.flowline.Step;

/**
 * A step whose code always throws and a step whose JVM dies (no attempt end recorded): both have
 * {@code @Catch}, so the run goes on with their failures in the catch variables.
 */
public class CatchArgoFlow extends FlowSpec {
  RuntimeException failure;
  RuntimeException crash;

  @Step
  void start() {
    next(this::thrower);
  }

  @Catch(var = "failure")
  @Step
  void thrower() {
    if (current().retryCount() >= 0) {
      throw new IllegalStateException("thrower fails on attempt " + current().retryCount());
    }
    next(this::crasher);
  }

  @Catch(var = "crash")
  @Step
  void crasher() {
    System.out.println("crasher halts on attempt " + current().retryCount());
    System.out.flush();
    Runtime.getRuntime().halt(3);
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("caught: " + failure.getMessage() + " / " + crash.getMessage());
  }
}
