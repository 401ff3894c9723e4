package dev.flowline.graph;

import dev.flowline.model.FlowModel;
import java.util.List;

/** One group of lint checks; adds a problem per violation and never stops at the first. */
interface GraphRule {
  /** Adds to {@code problems} every violation of this rule in {@code model}. */
  void check(FlowModel model, List<GraphProblem> problems);
}
