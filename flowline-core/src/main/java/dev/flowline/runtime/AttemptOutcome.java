package dev.flowline.runtime;

import dev.flowline.metadata.ExceptionSummary;
import java.time.Duration;
import java.util.Optional;

/** How a task attempt ended, as its {@link TaskLauncher} saw it. */
public sealed interface AttemptOutcome {
  /** The step ran and its attempt recorded success. */
  record Succeeded() implements AttemptOutcome {}

  /**
   * The step ran and its attempt recorded a failure (the step threw, or its transition or artifacts
   * were wrong); {@code @Catch} has had its chance inside the attempt already.
   *
   * @param exception what the attempt recorded, when the launcher could read it
   */
  record Failed(Optional<ExceptionSummary> exception) implements AttemptOutcome {}

  /**
   * The process running the attempt died before the attempt could record its end.
   *
   * @param exitCode the process's exit code; empty when a warm worker died (its exit code says
   *     nothing about the task)
   */
  record Crashed(Optional<Integer> exitCode) implements AttemptOutcome {}

  /**
   * The attempt passed its time limit and was killed.
   *
   * @param limit the limit it passed
   */
  record TimedOut(Duration limit) implements AttemptOutcome {}

  /**
   * The attempt could not be run or followed (no process could start, the launcher failed); the
   * step's code may not have run at all.
   *
   * @param message what went wrong, for the user
   */
  record InfrastructureFailure(String message) implements AttemptOutcome {}

  /**
   * The machine running the attempt went away or evicted it (an eviction, a lost node, a
   * preemption, a spot interruption): not the step's fault. The runtime runs such an attempt again
   * within its launcher's {@link TaskLauncher#disruptionRetries} budget, without counting it
   * against {@code @Retry}.
   *
   * @param message what happened, for the user
   */
  record Disrupted(String message) implements AttemptOutcome {}

  /** Whether the attempt succeeded. */
  default boolean succeeded() {
    return this instanceof Succeeded;
  }

  /**
   * How the runtime describes the end to the user, e.g. {@code failed}, {@code timed out after 5
   * s}, {@code crashed (exit code 137)}.
   */
  default String describe() {
    if (this instanceof Succeeded) {
      return "succeeded";
    }
    if (this instanceof Failed) {
      return "failed";
    }
    if (this instanceof Crashed c) {
      return c.exitCode()
          .map(code -> "crashed (exit code " + code + ")")
          .orElse("crashed (its worker JVM died)");
    }
    if (this instanceof Disrupted d) {
      return "was disrupted (" + d.message() + ")";
    }
    if (this instanceof TimedOut t) {
      return "timed out after " + t.limit().toSeconds() + " s";
    }
    return "could not run (" + ((InfrastructureFailure) this).message() + ")";
  }
}
