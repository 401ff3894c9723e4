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
 * @param decorators its decorators: annotations first (in source order), then {@code --with}
 *     entries
 * @param line source line of the method, or 0 when unknown
 * @param transitionLine source line of its {@code next}/{@code foreach} call, or 0 when unknown or
 *     absent
 * @param splitParents the splits (SPLIT or FOREACH steps) open around this step, outermost first; a
 *     join is outside the split it closes, so a foreach join's list does not contain its foreach
 * @param matchingJoin for a SPLIT or FOREACH step, the join that closes it
 * @param numParallel for a FOREACH step that starts a gang ({@code next(this::train,
 *     parallel(4))}), the number of nodes; 0 for every other step
 */
public record StepModel(
    String name,
    StepType type,
    List<String> next,
    Optional<String> foreachField,
    List<String> inputs,
    List<DecoratorSpec> decorators,
    int line,
    int transitionLine,
    List<String> splitParents,
    Optional<String> matchingJoin,
    int numParallel) {

  /** Canonical form: immutable lists. */
  public StepModel {
    next = List.copyOf(next);
    inputs = List.copyOf(inputs);
    decorators = List.copyOf(decorators);
    splitParents = List.copyOf(splitParents);
  }

  /** A step that starts no gang. */
  public StepModel(
      String name,
      StepType type,
      List<String> next,
      Optional<String> foreachField,
      List<String> inputs,
      List<DecoratorSpec> decorators,
      int line,
      int transitionLine,
      List<String> splitParents,
      Optional<String> matchingJoin) {
    this(
        name,
        type,
        next,
        foreachField,
        inputs,
        decorators,
        line,
        transitionLine,
        splitParents,
        matchingJoin,
        0);
  }

  /**
   * A step without transition line or split information (kept for callers of the first model
   * version).
   */
  public StepModel(
      String name,
      StepType type,
      List<String> next,
      Optional<String> foreachField,
      List<String> inputs,
      List<DecoratorSpec> decorators,
      int line) {
    this(name, type, next, foreachField, inputs, decorators, line, 0, List.of(), Optional.empty());
  }

  /** The first decorator named {@code decoratorName} (the annotation when there is one), if any. */
  public Optional<DecoratorSpec> decorator(String decoratorName) {
    return decorators.stream().filter(d -> d.name().equals(decoratorName)).findFirst();
  }

  /**
   * The attributes of decorator {@code decoratorName} after the merge rule of {@link
   * ResolvedDecorator} (the annotation wins per attribute over {@code --with}). Empty when the step
   * has no such decorator. Back ends read {@link #resolved()} instead.
   */
  public Optional<java.util.Map<String, Object>> mergedDecorator(String decoratorName) {
    return ResolvedDecorator.of(decorators, decoratorName).map(ResolvedDecorator::attributes);
  }

  /**
   * This step's decorators resolved into typed records, once for every back end ({@link
   * StepDecorators}).
   */
  public StepDecorators resolved() {
    return StepDecorators.of(this);
  }

  /** Whether this is a join step. */
  public boolean isJoin() {
    return type == StepType.JOIN;
  }

  /** Whether this step opens a split (a static branch or a foreach). */
  public boolean isSplit() {
    return type == StepType.SPLIT || type == StepType.FOREACH;
  }

  /** The same step with other decorators. */
  public StepModel withDecorators(List<DecoratorSpec> newDecorators) {
    return new StepModel(
        name,
        type,
        next,
        foreachField,
        inputs,
        newDecorators,
        line,
        transitionLine,
        splitParents,
        matchingJoin,
        numParallel);
  }

  /** Whether this step starts a gang: {@code next(this::train, parallel(n))}. */
  public boolean startsGang() {
    return type == StepType.FOREACH && numParallel != 0;
  }

  /** Whether this is a gang step: it carries {@code @Parallel}. */
  public boolean isGang() {
    return decorator("parallel").isPresent();
  }
}
