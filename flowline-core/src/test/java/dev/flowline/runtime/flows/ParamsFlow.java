package dev.flowline.runtime.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import java.io.Serializable;
import java.util.List;

/** Parameters of every type, for the binder tests. */
public class ParamsFlow extends FlowSpec {
  /** A JSON parameter. */
  public record Config(String mode, List<Integer> sizes) implements Serializable {}

  @Parameter(required = true, help = "input name")
  String name;

  @Parameter int count = 3;

  @Parameter long big = 7L;

  @Parameter double ratio = 0.5;

  @Parameter boolean flag;

  @Parameter(name = "config")
  Config config = new Config("fast", List.of(1));

  String out;

  @Step
  void start() {
    out = name + count;
    next(this::end);
  }

  @Step
  void end() {}
}
