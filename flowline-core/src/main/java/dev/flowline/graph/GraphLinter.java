package dev.flowline.graph;

import dev.flowline.model.FlowModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a flow model against Metaflow's graph rules (its {@code lint.py}, section 2 of the reference) plus
 * the static decorator and parameter checks, and reports every problem at once. The checks, in order:
 * step names and reserved words, start and end, transitions (missing, unknown target, a join that also
 * splits, a foreach straight into a join), cycles, reachability from start, split/join balance, decorators,
 * parameters. Run it again after {@link FlowModel#withDecorators} so {@code --with} values are checked.
 */
public final class GraphLinter {
  private final List<GraphRule> rules =
      List.of(
          new StepRules(),
          new CycleRule(),
          new ReachabilityRule(),
          new SplitJoinRule(),
          new DecoratorRules(),
          new ParameterRules());

  /** Every problem of {@code model}. */
  public LintResult lint(FlowModel model) {
    var problems = new ArrayList<GraphProblem>();
    for (GraphRule rule : rules) {
      rule.check(model, problems);
    }
    return new LintResult(model.name(), problems);
  }

  /** The problems found while reading, then every problem of the model read. */
  public LintResult lint(GraphRead read) {
    var problems = new ArrayList<>(read.problems());
    problems.addAll(lint(read.model()).problems());
    return new LintResult(read.model().name(), problems);
  }
}
