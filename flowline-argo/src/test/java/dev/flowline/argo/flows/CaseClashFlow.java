package dev.flowline.argo.flows;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Step;

/** Two steps whose names differ only in case: one Argo template name. */
public class CaseClashFlow extends FlowSpec {
  @Step
  void start() {
    next(this::fetchData, this::fetchdata);
  }

  @Step
  void fetchData() {
    next(this::join);
  }

  @Step
  void fetchdata() {
    next(this::join);
  }

  @Step
  void join(Inputs<CaseClashFlow> inputs) {
    next(this::end);
  }

  @Step
  void end() {}
}
