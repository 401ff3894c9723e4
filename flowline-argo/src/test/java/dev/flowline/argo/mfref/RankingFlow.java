package dev.flowline.argo.mfref;

import dev.flowline.FlowSpec;
import dev.flowline.Parameter;
import dev.flowline.Step;
import dev.flowline.argo.Project;

/** Mirrors {@code project.py}: {@code @Project(name = "reco")} and an int parameter. */
@Project(name = "reco")
public class RankingFlow extends FlowSpec {
  @Parameter(help = "how many")
  int k = 5;

  @Step
  void start() {
    next(this::end);
  }

  @Step
  void end() {}
}
