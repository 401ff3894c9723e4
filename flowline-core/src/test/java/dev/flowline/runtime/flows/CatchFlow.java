package dev.flowline.runtime.flows;

import dev.flowline.Catch;
import dev.flowline.FlowSpec;
import dev.flowline.Step;
import dev.flowline.Timeout;

/** One step whose exception is caught, one whose timeout is caught; the run goes on to end. */
public class CatchFlow extends FlowSpec {
  Exception error;
  Object slowError;
  String before;
  String reached;

  @Catch(var = "error")
  @Step
  void start() {
    before = "set before the failure";
    if (before != null) {
      throw new IllegalArgumentException("bad input in start");
    }
    next(this::slow);
  }

  @Catch(var = "slowError")
  @Timeout(seconds = 1)
  @Step
  void slow() throws InterruptedException {
    Thread.sleep(60_000);
    next(this::end);
  }

  @Step
  void end() {
    reached = "end";
  }
}
