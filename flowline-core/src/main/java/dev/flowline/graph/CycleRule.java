package dev.flowline.graph;

import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reports every cycle once, naming it ({@code a->b->a}); a flow graph must be acyclic. */
final class CycleRule implements GraphRule {
  @Override
  public void check(FlowModel model, List<GraphProblem> problems) {
    var byName = new LinkedHashMap<String, StepModel>();
    model.steps().forEach(s -> byName.putIfAbsent(s.name(), s));
    var done = new HashSet<String>();
    var reported = new HashSet<Set<String>>();
    for (String name : byName.keySet()) {
      if (!done.contains(name)) {
        walk(name, byName, new ArrayList<>(), done, reported, problems);
      }
    }
  }

  private void walk(
      String name,
      Map<String, StepModel> byName,
      List<String> path,
      Set<String> done,
      Set<Set<String>> reported,
      List<GraphProblem> problems) {
    path.add(name);
    for (String target : byName.get(name).next()) {
      if (!byName.containsKey(target) || done.contains(target)) {
        continue;
      }
      int at = path.indexOf(target);
      if (at >= 0) {
        var cycle = new ArrayList<>(path.subList(at, path.size()));
        if (reported.add(new HashSet<>(cycle))) {
          cycle.add(target);
          StepModel from = byName.get(name);
          problems.add(
              new GraphProblem(
                  target,
                  "step '" + target + "': there is a loop in the flow: " + String.join("->", cycle),
                  "break the loop by changing next(this::" + target + ") in step '" + name + "'",
                  from.transitionLine()));
        }
      } else {
        walk(target, byName, path, done, reported, problems);
      }
    }
    path.remove(path.size() - 1);
    done.add(name);
  }
}
