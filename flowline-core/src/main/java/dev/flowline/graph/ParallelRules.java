package dev.flowline.graph;

import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import java.util.List;
import java.util.Optional;

/**
 * Checks of gangs ({@code next(this::train, parallel(n))} and {@code @Parallel}), Metaflow's
 * parallel rules plus Flowline's: a gang has at least 2 nodes; the step a gang starts carries
 * {@code @Parallel}, and a {@code @Parallel} step is reached only from gang starts; a gang step
 * goes directly to a join, which receives every node's task; {@code @Catch} is not allowed on a
 * gang step.
 */
final class ParallelRules implements GraphRule {
  @Override
  public void check(FlowModel model, List<GraphProblem> problems) {
    for (StepModel step : model.steps()) {
      if (step.startsGang()) {
        checkStart(model, step, problems);
      }
      if (step.isGang()) {
        checkGangStep(model, step, problems);
      }
    }
  }

  private static void checkStart(FlowModel model, StepModel step, List<GraphProblem> problems) {
    String target = step.next().isEmpty() ? "train" : step.next().get(0);
    int n = step.numParallel();
    if (n != -1 && n < 2) {
      problems.add(
          new GraphProblem(
              step.name(),
              "step '"
                  + step.name()
                  + "': next(this::"
                  + target
                  + ", parallel("
                  + n
                  + ")) starts a gang of "
                  + n
                  + " node"
                  + (n == 1 ? "" : "s")
                  + ", but a gang has at least 2 nodes",
              "use parallel(2) or more, or next(this::" + target + ") for a single task",
              step.transitionLine()));
    }
    Optional<StepModel> body = model.findStep(target);
    if (body.isPresent() && !body.get().isGang()) {
      problems.add(
          new GraphProblem(
              step.name(),
              "step '"
                  + step.name()
                  + "': it starts a gang of '"
                  + target
                  + "' with parallel("
                  + n
                  + "), but '"
                  + target
                  + "' is not a @Parallel step",
              "annotate " + target + "() with @Parallel",
              step.transitionLine()));
    }
  }

  private static void checkGangStep(FlowModel model, StepModel step, List<GraphProblem> problems) {
    String name = step.name();
    for (String input : step.inputs()) {
      Optional<StepModel> from = model.findStep(input);
      if (from.isPresent() && !from.get().startsGang()) {
        problems.add(
            new GraphProblem(
                name,
                "step '"
                    + name
                    + "': it is a @Parallel step, but step '"
                    + input
                    + "' goes to it without starting a gang",
                "go to it with next(this::" + name + ", parallel(N)) in '" + input + "'",
                step.line()));
      }
    }
    boolean toJoin =
        step.next().size() == 1
            && model.findStep(step.next().get(0)).map(StepModel::isJoin).orElse(false);
    if (!toJoin && !step.next().isEmpty()) {
      String actual = "goes to " + String.join(", ", step.next());
      problems.add(
          new GraphProblem(
              name,
              "step '"
                  + name
                  + "': it is a @Parallel step and "
                  + actual
                  + ", but a gang step goes directly to a join, which receives every node's task",
              "end "
                  + name
                  + "() with next(this::join) where join is a step taking Inputs<F>, e.g. void"
                  + " join(Inputs<F> inputs)",
              step.transitionLine()));
    }
    if (step.mergedDecorator("catch").isPresent()) {
      problems.add(
          new GraphProblem(
              name,
              "step '"
                  + name
                  + "': @Catch is not allowed on a @Parallel step (when one node fails the other"
                  + " nodes are stopped, so a caught failure cannot stand in for the gang, and the"
                  + " join needs every node's task)",
              "remove @Catch from "
                  + name
                  + "() and use @Retry, which runs the whole gang again, or put @Catch on the join",
              step.line()));
    }
  }
}
