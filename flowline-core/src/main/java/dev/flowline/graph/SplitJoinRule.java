package dev.flowline.graph;

import dev.flowline.model.FlowModel;
import java.util.List;

/**
 * Checks that splits and joins balance (Metaflow's split_join_balance): a join receives exactly the
 * branches of the innermost open split, joins no unrelated splits, is preceded by a split, and end
 * is not reached inside an open split. See {@link SplitAnalysis}.
 */
final class SplitJoinRule implements GraphRule {
  @Override
  public void check(FlowModel model, List<GraphProblem> problems) {
    problems.addAll(SplitAnalysis.analyze(model.steps()).problems());
  }
}
