package dev.flowline.runtime.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import java.io.Serializable;
import java.util.List;

/** Parameters with defaults and an enum, for the help of {@code run}. */
public class ModeFlow extends FlowSpec {
  /** Speeds. */
  public enum Mode {
    SLOW,
    FAST
  }

  /** A JSON parameter. */
  public record Shape(int width, List<Integer> sizes) implements Serializable {}

  @Parameter(help = "how fast")
  Mode mode = Mode.FAST;

  @Parameter(help = "who to greet")
  String name = "world";

  @Parameter int count = 3;

  @Parameter Shape shape = new Shape(2, List.of(1, 2));

  @Parameter(help = "no default")
  String nothing;

  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
