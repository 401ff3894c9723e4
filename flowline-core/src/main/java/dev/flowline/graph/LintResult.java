package dev.flowline.graph;

import java.util.List;

/**
 * The outcome of checking a flow: every problem found (none when the flow is valid).
 *
 * @param flowName the flow checked
 * @param problems every problem, in the order the checks ran
 */
public record LintResult(String flowName, List<GraphProblem> problems) {

  /** Canonical form: immutable list. */
  public LintResult {
    problems = List.copyOf(problems);
  }

  /** Whether no problem was found. */
  public boolean isClean() {
    return problems.isEmpty();
  }

  /** The problems' texts, one per problem ({@link GraphProblem#toString()}). */
  public List<String> messages() {
    return problems.stream().map(GraphProblem::toString).toList();
  }

  /**
   * @throws GraphException carrying every problem, unless the result is clean
   */
  public void throwIfProblems() {
    if (!isClean()) {
      throw new GraphException(flowName, problems);
    }
  }
}
