package dev.flowline.graph;

import dev.flowline.model.FlowModel;
import java.util.List;

/**
 * What {@link GraphReader#scan} found in a compiled flow class: the model (as far as it could be built) and
 * the problems that only the bytecode shows (a transition made with a lambda, two {@code next} calls, a
 * step with a wrong signature...). {@link GraphLinter#lint(GraphRead)} adds the graph rules.
 *
 * @param model the flow model
 * @param problems problems seen while reading the class
 */
public record GraphRead(FlowModel model, List<GraphProblem> problems) {

  /** Canonical form: immutable list. */
  public GraphRead {
    problems = List.copyOf(problems);
  }
}
