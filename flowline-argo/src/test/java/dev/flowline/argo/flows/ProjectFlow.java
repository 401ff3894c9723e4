package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Step;
import dev.flowline.argo.Project;

/** A flow of project {@code fraud}. */
@Project(name = "fraud")
public class ProjectFlow extends FlowSpec {
  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
