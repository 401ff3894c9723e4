package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;

/**
 * Parameters a deployment cannot pass: a default with no JSON form that reads back, one too large.
 */
public class UnpassableParametersFlow extends FlowSpec {
  /** No equals: its JSON reads back as another object. */
  public static class Opaque {
    public int size = 3;
  }

  @Parameter(help = "no JSON form that reads back")
  Opaque opaque = new Opaque();

  @Parameter(help = "too large for an environment variable")
  String blob = "x".repeat(200_000);

  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
