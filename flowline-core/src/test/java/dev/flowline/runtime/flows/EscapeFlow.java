package dev.flowline.runtime.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Step;
import java.util.ArrayList;
import java.util.List;

/** start hands the flow object to other code; end only reads through its own helper. */
public class EscapeFlow extends FlowSpec {
  String a;
  String b;
  List<Object> seen = new ArrayList<>();

  @Step
  void start() {
    seen.add(this);
    next(this::end);
  }

  @Step
  void end() {
    b = describe();
  }

  private String describe() {
    return "a=" + a;
  }
}
