package dev.flowline.graph;

import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns per-step facts (name, join or not, transition) into {@link StepModel}s: types, inputs,
 * graph order, split parents and matching joins.
 */
final class GraphShape {
  /** Facts about one step, as read from its method. */
  record StepFacts(
      String name,
      boolean join,
      List<String> next,
      Optional<String> foreachField,
      List<DecoratorSpec> decorators,
      int line,
      int transitionLine,
      int numParallel) {}

  private GraphShape() {}

  /** The steps in graph order, fully described. */
  static List<StepModel> build(List<StepFacts> facts) {
    var byName = new LinkedHashMap<String, StepFacts>();
    facts.forEach(f -> byName.putIfAbsent(f.name(), f));
    Map<String, Set<String>> inputs = new LinkedHashMap<>();
    byName.keySet().forEach(n -> inputs.put(n, new TreeSet<>()));
    for (StepFacts f : byName.values()) {
      for (String target : f.next()) {
        if (inputs.containsKey(target)) {
          inputs.get(target).add(f.name());
        }
      }
    }
    var steps = new ArrayList<StepModel>();
    for (String name : order(byName)) {
      StepFacts f = byName.get(name);
      steps.add(
          new StepModel(
              name,
              typeOf(f),
              f.next(),
              f.foreachField(),
              List.copyOf(inputs.get(name)),
              f.decorators(),
              f.line(),
              f.transitionLine(),
              List.of(),
              Optional.empty(),
              f.numParallel()));
    }
    var splits = SplitAnalysis.analyze(steps);
    return steps.stream()
        .map(
            s ->
                new StepModel(
                    s.name(),
                    s.type(),
                    s.next(),
                    s.foreachField(),
                    s.inputs(),
                    s.decorators(),
                    s.line(),
                    s.transitionLine(),
                    splits.splitParents().getOrDefault(s.name(), List.of()),
                    Optional.ofNullable(splits.matchingJoins().get(s.name())),
                    s.numParallel()))
        .toList();
  }

  private static StepType typeOf(StepFacts f) {
    if (f.join()) {
      return StepType.JOIN;
    }
    if (f.name().equals(FlowModel.END)) {
      return StepType.END;
    }
    if (f.foreachField().isPresent() || f.numParallel() != 0) {
      return StepType.FOREACH;
    }
    return f.next().size() > 1 ? StepType.SPLIT : StepType.LINEAR;
  }

  /**
   * A topological order from start (reverse post-order of a depth-first walk, so branches keep the
   * order in which they are written), then the steps start cannot reach, in source order.
   */
  private static List<String> order(Map<String, StepFacts> byName) {
    var postOrder = new ArrayList<String>();
    var visited = new HashSet<String>();
    if (byName.containsKey(FlowModel.START)) {
      visit(FlowModel.START, byName, visited, postOrder);
    }
    var order = new ArrayList<String>(postOrder);
    Collections.reverse(order);
    for (String name : byName.keySet()) {
      if (!visited.contains(name)) {
        order.add(name);
      }
    }
    return order;
  }

  private static void visit(
      String name, Map<String, StepFacts> byName, Set<String> visited, List<String> postOrder) {
    visited.add(name);
    List<String> next = byName.get(name).next();
    for (int i = next.size() - 1; i >= 0; i--) {
      String target = next.get(i);
      if (byName.containsKey(target) && !visited.contains(target)) {
        visit(target, byName, visited, postOrder);
      }
    }
    postOrder.add(name);
  }
}
