package dev.flowline.graph;

import dev.flowline.model.StepModel;
import java.util.List;
import java.util.Optional;

/**
 * Compares the transition a step made at run time with the static graph; the runtime calls it after
 * each step and fails the task with the message when they differ.
 */
public final class TransitionCheck {
  private TransitionCheck() {}

  /**
   * The error when the transition a task made differs from what the static graph says for {@code
   * step}.
   *
   * @param step the step as the model describes it
   * @param targets the step names the task passed to {@code next}/{@code foreach}, in order (empty
   *     when it made no transition)
   * @param foreachField the field given to {@code foreach}, or empty for {@code next}
   * @return the message, or empty when the transition matches
   */
  public static Optional<String> verify(
      StepModel step, List<String> targets, Optional<String> foreachField) {
    if (step.next().equals(targets) && step.foreachField().equals(foreachField)) {
      return Optional.empty();
    }
    String expected =
        step.next().isEmpty()
            ? "no transition"
            : step.startsGang()
                ? "next(" + step.next().get(0) + ", parallel(" + step.numParallel() + "))"
                : describe(step.next(), step.foreachField());
    String actual =
        targets.isEmpty() ? "made no transition" : "called " + describe(targets, foreachField);
    return Optional.of(
        "step '"
            + step.name()
            + "': the static graph says "
            + expected
            + " but the step "
            + actual
            + ". The graph is read from the compiled class, so a step must make the same transition on"
            + " every run (conditional transitions are not supported yet); if you changed the code,"
            + " rebuild the flow so the class and the graph agree.");
  }

  /** A transition as written in Java: {@code next(a, b)} or {@code foreach("items", body)}. */
  public static String describe(List<String> targets, Optional<String> foreachField) {
    return foreachField
        .map(f -> "foreach(\"" + f + "\", " + String.join(", ", targets) + ")")
        .orElse("next(" + String.join(", ", targets) + ")");
  }
}
