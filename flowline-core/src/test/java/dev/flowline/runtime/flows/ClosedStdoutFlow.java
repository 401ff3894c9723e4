package dev.flowline.runtime.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Step;
import java.io.FileDescriptor;
import java.io.FileOutputStream;

/** start closes the process's real stdout and stderr; end runs after it on the same worker. */
public class ClosedStdoutFlow extends FlowSpec {
  String message;

  @Step
  void start() throws Exception {
    System.out.println("before closing");
    new FileOutputStream(FileDescriptor.out).close();
    new FileOutputStream(FileDescriptor.err).close();
    System.out.println("after closing");
    message = "started";
    next(this::end);
  }

  @Step
  void end() {
    System.out.println("end: " + message);
  }
}
