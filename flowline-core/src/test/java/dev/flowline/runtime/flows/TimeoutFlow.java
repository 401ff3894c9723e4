package dev.flowline.runtime.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Step;
import dev.flowline.Timeout;

/** start sleeps past its one-second limit: the attempt is killed and the run fails. */
public class TimeoutFlow extends FlowSpec {
  @Timeout(seconds = 5)
  @Step
  void start() throws InterruptedException {
    System.out.println("sleeping");
    Thread.sleep(600_000);
    next(this::end);
  }

  @Step
  void end() {}
}
