package dev.flowline.argo.mfref;

import dev.flowline.Environment;
import dev.flowline.FlowSpec;
import dev.flowline.Step;

/** Mirrors {@code environment.py}: @Environment, once overriding {@code METAFLOW_USER}. */
public class EnvironmentFlow extends FlowSpec {
  @Environment(vars = {"GREETING=hi", "DEBUG=1"})
  @Step
  void start() {
    next(this::end);
  }

  @Environment(vars = {"METAFLOW_USER=someone-else", "EMPTY="})
  @Step
  void end() {}
}
