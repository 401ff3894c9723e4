package dev.flowline.model;

import java.util.List;
import java.util.Optional;

/**
 * One step of the static graph.
 *
 * @param name the method name
 * @param type the step's kind
 * @param next the steps it continues to, in the order written (empty for the end step)
 * @param foreachField for a FOREACH step, the field iterated
 * @param inputs the steps that lead into it, sorted (empty for start)
 * @param decorators its decorators: annotations and {@code --with} entries
 * @param line source line of the method, or 0 when unknown
 */
public record StepModel(
    String name,
    StepType type,
    List<String> next,
    Optional<String> foreachField,
    List<String> inputs,
    List<DecoratorSpec> decorators,
    int line) {

  /** Canonical form: immutable lists. */
  public StepModel {
    next = List.copyOf(next);
    inputs = List.copyOf(inputs);
    decorators = List.copyOf(decorators);
  }

  /** The decorator named {@code decoratorName}, if the step has it. */
  public Optional<DecoratorSpec> decorator(String decoratorName) {
    return decorators.stream().filter(d -> d.name().equals(decoratorName)).findFirst();
  }

  /** Whether this is a join step. */
  public boolean isJoin() {
    return type == StepType.JOIN;
  }
}
