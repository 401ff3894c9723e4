package dev.flowline.runtime.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Step;

/** Field reads and assignments of every kind, for the instrumentation test. */
public class AccessFlow extends FlowSpec {
  String text = "initial";
  long big = 1L;
  double ratio = 0.5;
  int count;
  boolean flag;

  public void assignWide() {
    big = 7L;
    ratio = 2.5;
  }

  public void assignNothingWhen(boolean condition) {
    if (condition) {
      count = 3;
    }
  }

  public void assignThroughHelperAndLambda() {
    Runnable r = () -> flag = true;
    r.run();
    Helper.setText(this, "from-helper");
  }

  public void assignFromAnotherThread() throws InterruptedException {
    Thread t = new Thread(() -> count = 9);
    t.start();
    t.join();
  }

  public long readWide() {
    return big + (long) ratio;
  }

  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}

  /** Another class of the flow's code writing its field. */
  static final class Helper {
    static void setText(AccessFlow flow, String value) {
      flow.text = value;
    }
  }
}
