import dev.flowline.FlowSpec;
import dev.flowline.Step;

/** A step that prints a tick every 50 ms for a minute, for the interrupt tests. */
public class TickFlow extends FlowSpec {
  @Step
  void start() {
    next(this::tick);
  }

  @Step
  void tick() throws InterruptedException {
    for (int i = 1; i <= 1200; i++) {
      System.out.println("tick " + i);
      Thread.sleep(50);
    }
    next(this::end);
  }

  @Step
  void end() {}
}
