import dev.flowline.FlowSpec;
import dev.flowline.Step;

/** A start step that sleeps five minutes: a run to look at, list and terminate. */
public class SleepyArgoFlow extends FlowSpec {
  @Step
  void start() throws InterruptedException {
    System.out.println("sleeping");
    Thread.sleep(300_000);
    next(this::end);
  }

  @Step
  void end() {}
}
