package dev.flowline.graph;

import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;

/** Reports the steps that cannot be reached from start (nothing when there is no start step). */
final class ReachabilityRule implements GraphRule {
  @Override
  public void check(FlowModel model, List<GraphProblem> problems) {
    if (model.findStep(FlowModel.START).isEmpty()) {
      return;
    }
    var reached = new HashSet<String>();
    var queue = new ArrayDeque<String>(List.of(FlowModel.START));
    while (!queue.isEmpty()) {
      String name = queue.poll();
      if (reached.add(name)) {
        model.findStep(name).ifPresent(s -> queue.addAll(s.next()));
      }
    }
    for (StepModel step : model.steps()) {
      if (!reached.contains(step.name())) {
        problems.add(
            new GraphProblem(
                step.name(),
                "step '" + step.name() + "': it cannot be reached from 'start'",
                "go to it with next(this::"
                    + step.name()
                    + ") from another step, or remove @Step from "
                    + step.name()
                    + "()",
                step.line()));
      }
    }
  }
}
