package dev.flowline.model;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The static model of a flow, read from its compiled class without running user code. Back ends
 * (local runtime, Kubernetes, Argo) read only this, never the user's class.
 *
 * @param name the flow name (the class's simple name)
 * @param className the flow class's binary name
 * @param steps the steps in graph order (a topological order from start, branches in the order
 *     written; steps not reachable from start come last, in source order)
 * @param parameters the run parameters
 */
public record FlowModel(
    String name, String className, List<StepModel> steps, List<ParameterModel> parameters) {
  private static final Logger LOG = LoggerFactory.getLogger(FlowModel.class);

  /** Name of the entry step. */
  public static final String START = "start";

  /** Name of the terminal step. */
  public static final String END = "end";

  /** Canonical form: immutable lists. */
  public FlowModel {
    steps = List.copyOf(steps);
    parameters = List.copyOf(parameters);
  }

  /** The step named {@code stepName}. @throws NoSuchElementException naming the known steps */
  public StepModel step(String stepName) {
    return findStep(stepName)
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "flow "
                        + name
                        + " has no step '"
                        + stepName
                        + "'; its steps are "
                        + stepNames()
                        + ". Give one of them."));
  }

  /** The step named {@code stepName}, if the flow has one. */
  public Optional<StepModel> findStep(String stepName) {
    return steps.stream().filter(s -> s.name().equals(stepName)).findFirst();
  }

  /** The entry step {@code start}. @throws NoSuchElementException when the flow has none */
  public StepModel start() {
    return step(START);
  }

  /** The terminal step {@code end}. @throws NoSuchElementException when the flow has none */
  public StepModel end() {
    return step(END);
  }

  /** Step names in graph order. */
  public List<String> stepNames() {
    return steps.stream().map(StepModel::name).toList();
  }

  /**
   * This flow with {@code --with} decorators added to every step, after the step's own annotations.
   * Each spec is {@code NAME} or {@code NAME:key=value,key=value}; see {@link DecoratorSpecParser}
   * for the syntax and {@link StepModel#mergedDecorator} for how an annotation and a {@code --with}
   * of the same name combine (the annotation wins for the keys it sets; both specs stay in the
   * list, annotation first).
   *
   * @throws DecoratorSpecException listing every malformed spec, unknown decorator or attribute,
   *     bad value
   */
  public FlowModel withDecorators(List<String> specs, DecoratorRegistry registry) {
    var added = new DecoratorSpecParser(registry).parseAll(specs);
    if (added.isEmpty()) {
      return this;
    }
    var newSteps = new ArrayList<StepModel>(steps.size());
    for (StepModel s : steps) {
      var decorators = new ArrayList<>(s.decorators());
      decorators.addAll(added);
      logOverrides(s, added);
      newSteps.add(s.withDecorators(decorators));
    }
    return new FlowModel(name, className, newSteps, parameters);
  }

  private static void logOverrides(StepModel step, List<DecoratorSpec> added) {
    if (!LOG.isDebugEnabled()) {
      return;
    }
    for (DecoratorSpec with : added) {
      step.decorators().stream()
          .filter(
              d -> d.name().equals(with.name()) && d.origin() == DecoratorSpec.Origin.ANNOTATION)
          .forEach(
              annotation ->
                  with.attributes().keySet().stream()
                      .filter(annotation.attributes()::containsKey)
                      .forEach(
                          key ->
                              LOG.debug(
                                  "step '{}': @{}({} = {}) on the method overrides --with {}:{}={}",
                                  step.name(),
                                  with.name(),
                                  key,
                                  annotation.attributes().get(key),
                                  with.name(),
                                  key,
                                  with.attributes().get(key))));
    }
  }

  /**
   * The foreach steps open around step {@code stepName}, outermost first: the foreach stack of its
   * tasks (empty outside any foreach; a foreach join is outside its own foreach).
   */
  public List<String> foreachParents(String stepName) {
    return step(stepName).splitParents().stream()
        .filter(p -> findStep(p).map(s -> s.type() == StepType.FOREACH).orElse(false))
        .toList();
  }
}
