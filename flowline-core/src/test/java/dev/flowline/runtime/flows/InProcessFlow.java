package dev.flowline.runtime.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Step;

/** start -> middle -> end; a test launcher runs middle in the test's own JVM. */
public class InProcessFlow extends FlowSpec {
  long startPid;
  long middlePid;

  @Step
  void start() {
    startPid = ProcessHandle.current().pid();
    next(this::middle);
  }

  @Step
  void middle() {
    middlePid = ProcessHandle.current().pid();
    System.out.println("middle ran");
    next(this::end);
  }

  @Step
  void end() {}
}
