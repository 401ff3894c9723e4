package dev.flowline.runtime;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the step's code did with the fields of its flow object while it ran, as the instrumented
 * classes report it ({@link FieldAccessInstrumenter}): which fields it assigned (with any value, on
 * any path, from any thread), and the guard that stops a read of an artifact that a join did not
 * pass on, instead of letting the step see the field's Java initializer.
 */
final class FieldTracking {
  private final String stepName;
  private final Set<String> assigned = ConcurrentHashMap.newKeySet();
  private final Map<String, String> notPassedOn;
  private volatile String lastAssigned;

  /**
   * Tracking for a task of {@code stepName}; {@code notPassedOn} maps each artifact that did not
   * reach the task to the join step that dropped it.
   */
  FieldTracking(String stepName, Map<String, String> notPassedOn) {
    this.stepName = stepName;
    this.notPassedOn = new ConcurrentHashMap<>(notPassedOn);
  }

  /** The step's code is assigning {@code field}. */
  void assigned(String field) {
    if (field != lastAssigned) { // field names are interned constants: a loop hits this fast path
      assigned.add(field);
      lastAssigned = field;
    }
  }

  /**
   * The step's code is reading {@code field}.
   *
   * @throws IllegalStateException when the artifact did not reach the task and the step has not
   *     assigned it yet
   */
  void read(String field) {
    if (notPassedOn.isEmpty()) {
      return;
    }
    String join = notPassedOn.get(field);
    if (join != null && !assigned.contains(field)) {
      var e = new IllegalStateException(notPassedOnMessage(stepName, field, join));
      // start the trace at the user's read, not in the runtime's hooks
      e.setStackTrace(
          Arrays.stream(e.getStackTrace())
              .dropWhile(
                  f ->
                      f.getClassName().startsWith("dev.flowline.runtime.")
                          || f.getClassName().startsWith("dev.flowline.internal."))
              .toArray(StackTraceElement[]::new));
      throw e;
    }
  }

  /** {@code field} now holds a value of the inputs (merged in a join). */
  void provided(String field) {
    notPassedOn.remove(field);
  }

  /** Whether the step assigned {@code field}. */
  boolean wasAssigned(String field) {
    return assigned.contains(field);
  }

  /** The artifacts still not passed on at the end of the step: dropped and never assigned. */
  Map<String, String> notPassedOn() {
    var left = new TreeMap<>(notPassedOn);
    left.keySet().removeAll(assigned);
    return left;
  }

  /** The message for a read of {@code field} in {@code step}, dropped by {@code join}. */
  static String notPassedOnMessage(String step, String field, String join) {
    if (step.equals(join)) {
      return "join step '"
          + join
          + "' read its field '"
          + field
          + "' before assigning it or merging it: a join starts without the artifacts of its inputs"
          + " (only parameters are passed on). Read the inputs' values through inputs (e.g."
          + " inputs.get(0)."
          + field
          + "), call mergeArtifacts(inputs) first, or assign "
          + field
          + " before reading it.";
    }
    return "step '"
        + step
        + "' read artifact '"
        + field
        + "', but join step '"
        + join
        + "' neither assigned nor merged it, so it did not reach '"
        + step
        + "' (a join passes on only the parameters, what it assigns and what mergeArtifacts"
        + " copies). Fix: in '"
        + join
        + "', call mergeArtifacts(inputs) (naming the artifacts to exclude that differ between"
        + " the inputs), or assign "
        + field
        + " there.";
  }
}
