package dev.flowline.runtime;

import dev.flowline.graph.TransitionCheck;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import java.util.List;
import java.util.Optional;

/**
 * Checks a step's actual transition against the static graph, and finds the join that closes a
 * split.
 */
final class FlowGraphsCheck {
  private FlowGraphsCheck() {}

  /** A message when {@code actual} differs from what the static graph says of {@code step}. */
  static Optional<String> check(
      FlowModel model, StepModel step, LocalTaskBinding.Transition actual) {
    List<String> targets = actual == null ? List.of() : actual.targets();
    Optional<String> field =
        actual == null ? Optional.empty() : Optional.ofNullable(actual.foreachField());
    return TransitionCheck.verify(step, targets, field).map(m -> "flow " + model.name() + ", " + m);
  }

  /** The join that closes the split {@code split}, or "" when unknown. */
  static String matchingJoin(FlowModel model, StepModel split) {
    return split.matchingJoin().orElse("");
  }
}
