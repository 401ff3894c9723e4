package dev.flowline.graph;

import dev.flowline.model.FlowModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a flow model against Metaflow's graph rules (its {@code lint.py}, section 2 of the
 * reference) plus the static decorator and parameter checks, and reports every problem at once. The
 * checks, in order: step names and reserved words, start and end, transitions (missing, unknown
 * target, a join that also splits, a foreach straight into a join), decorators, parameters, then
 * cycles, reachability from start and split/join balance. Run it again after {@link
 * FlowModel#withDecorators} so {@code --with} values are checked. (Java's types already rule out
 * some of Metaflow's mistakes: a split or a foreach cannot target a join method directly, since
 * {@code StepRef} does not fit a method that takes {@code Inputs}; the rule is still checked, for
 * models built by other means.)
 */
public final class GraphLinter {
  /** Rules about each step, start and end, decorators and parameters. */
  private final List<GraphRule> localRules =
      List.of(new StepRules(), new DecoratorRules(), new ParallelRules(), new ParameterRules());

  /** Rules about the whole graph, which need every transition to be known. */
  private final List<GraphRule> graphRules =
      List.of(new CycleRule(), new ReachabilityRule(), new SplitJoinRule());

  /** Every problem of {@code model}. */
  public LintResult lint(FlowModel model) {
    var problems = new ArrayList<GraphProblem>();
    localRules.forEach(rule -> rule.check(model, problems));
    graphRules.forEach(rule -> rule.check(model, problems));
    return new LintResult(model.name(), problems);
  }

  /**
   * The problems found while reading, then those of the model read. When a step or transition could
   * not be read ({@link GraphRead#graphComplete()} is false), the whole-graph rules (cycles,
   * reachability, split/join balance) are skipped: their findings would follow from the unread
   * transitions and only hide the real cause. They run once the reading problems are fixed.
   */
  public LintResult lint(GraphRead read) {
    var problems = new ArrayList<>(read.problems());
    localRules.forEach(rule -> rule.check(read.model(), problems));
    if (read.graphComplete()) {
      graphRules.forEach(rule -> rule.check(read.model(), problems));
    }
    return new LintResult(read.model().name(), problems);
  }
}
