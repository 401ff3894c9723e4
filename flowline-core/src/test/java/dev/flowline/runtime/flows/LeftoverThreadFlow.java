package dev.flowline.runtime.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Step;

/** start leaves a thread behind that keeps printing; end must not see its output in its log. */
public class LeftoverThreadFlow extends FlowSpec {
  long startPid;
  long endPid;

  @Step
  void start() {
    startPid = ProcessHandle.current().pid();
    var stray =
        new Thread(
            () -> {
              while (true) {
                System.out.println("stray output");
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    stray.setDaemon(true);
    stray.start();
    next(this::end);
  }

  @Step
  void end() throws InterruptedException {
    endPid = ProcessHandle.current().pid();
    Thread.sleep(200);
    System.out.println("end output");
  }
}
