package dev.flowline.graph;

import dev.flowline.model.FlowModel;
import java.util.List;

/**
 * What {@link GraphReader#scan} found in a compiled flow class: the model (as far as it could be
 * built) and the problems that only the bytecode shows (a transition made with a lambda, two {@code
 * next} calls, a step with a wrong signature...). {@link GraphLinter#lint(GraphRead)} adds the
 * graph rules.
 *
 * @param model the flow model
 * @param problems problems seen while reading the class
 * @param graphComplete whether every step and transition could be read; when not, the whole-graph
 *     rules (cycles, reachability, split/join balance) would only report consequences, so they are
 *     skipped
 */
public record GraphRead(FlowModel model, List<GraphProblem> problems, boolean graphComplete) {

  /** Canonical form: immutable list. */
  public GraphRead {
    problems = List.copyOf(problems);
  }

  /** A read whose graph is complete when there is no problem. */
  public GraphRead(FlowModel model, List<GraphProblem> problems) {
    this(model, problems, problems.isEmpty());
  }
}
