package dev.flowline.model;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The static model of a flow, read from its compiled class without running user code. Back ends (local
 * runtime, Kubernetes, Argo) read only this, never the user's class.
 *
 * @param name the flow name (the class's simple name)
 * @param className the flow class's binary name
 * @param steps the steps in graph order (depth first from start)
 * @param parameters the run parameters
 */
public record FlowModel(
    String name, String className, List<StepModel> steps, List<ParameterModel> parameters) {

  /** Canonical form: immutable lists. */
  public FlowModel {
    steps = List.copyOf(steps);
    parameters = List.copyOf(parameters);
  }

  /** The step named {@code stepName}. @throws NoSuchElementException naming the known steps */
  public StepModel step(String stepName) {
    return steps.stream()
        .filter(s -> s.name().equals(stepName))
        .findFirst()
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "flow " + name + " has no step '" + stepName + "'; its steps are " + stepNames()));
  }

  /** Step names in graph order. */
  public List<String> stepNames() {
    return steps.stream().map(StepModel::name).toList();
  }
}
