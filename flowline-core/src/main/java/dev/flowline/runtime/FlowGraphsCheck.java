package dev.flowline.runtime;

import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Checks a step's actual transition against the static graph, and finds the join that closes a split. */
final class FlowGraphsCheck {
  private FlowGraphsCheck() {}

  /** A message when {@code actual} differs from what the static graph says of {@code step}. */
  static Optional<String> check(FlowModel model, StepModel step, LocalTaskBinding.Transition actual) {
    LocalTaskBinding.Transition expected = expected(step);
    if (step.type() == StepType.END) {
      if (actual == null) {
        return Optional.empty();
      }
      return Optional.of(
          "step 'end' of " + model.name() + " called " + LocalTaskBinding.describe(actual)
              + " but the end step has no next step. Remove the call.");
    }
    if (actual == null) {
      return Optional.of(
          "step '" + step.name() + "' of " + model.name() + " finished without calling next() or"
              + " foreach(); the static graph says " + LocalTaskBinding.describe(expected)
              + ". Call it on every path through the step.");
    }
    if (!actual.targets().equals(expected.targets())
        || !Objects.equals(actual.foreachField(), expected.foreachField())) {
      return Optional.of(
          "step '" + step.name() + "' of " + model.name() + ": the static graph says "
              + LocalTaskBinding.describe(expected) + " but the step called "
              + LocalTaskBinding.describe(actual)
              + ". Conditional transitions are not supported: make the step call exactly the transition"
              + " the graph shows ('show' prints it).");
    }
    return Optional.empty();
  }

  static LocalTaskBinding.Transition expected(StepModel step) {
    return new LocalTaskBinding.Transition(
        step.next(), step.type() == StepType.FOREACH ? step.foreachField().orElse(null) : null);
  }

  /** The join that closes the split {@code split}, following its first branch. */
  static String matchingJoin(FlowModel model, StepModel split) {
    int depth = 0;
    List<String> next = split.next();
    while (!next.isEmpty()) {
      StepModel s = model.step(next.get(0));
      if (s.type() == StepType.JOIN) {
        if (depth == 0) {
          return s.name();
        }
        depth--;
      }
      if (s.type() == StepType.SPLIT || s.type() == StepType.FOREACH) {
        depth++;
      }
      next = s.next();
    }
    return "";
  }
}
