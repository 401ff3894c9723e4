package dev.flowline.graph;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A flow cannot be run because its graph (or its parameters or decorators) has problems; {@link
 * #problems()} lists all of them. The CLI reports it with exit code 2: nothing was run.
 */
public final class GraphException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Every problem found. */
  private final transient List<GraphProblem> problems;

  /**
   * @param flowName the flow concerned
   * @param problems every problem found, at least one
   */
  public GraphException(String flowName, List<GraphProblem> problems) {
    super(describe(flowName, problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in the order the checks ran. */
  public List<GraphProblem> problems() {
    return problems;
  }

  private static String describe(String flowName, List<GraphProblem> problems) {
    String header =
        "flow "
            + flowName
            + " has "
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems");
    return problems.stream()
        .map(p -> "  - " + p)
        .collect(Collectors.joining("\n", header + ":\n", ""));
  }
}
