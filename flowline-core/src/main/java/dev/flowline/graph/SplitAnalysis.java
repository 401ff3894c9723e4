package dev.flowline.graph;

import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Walks the graph from start in topological order with a stack of open splits (Metaflow's {@code
 * split_join_balance}): a split pushes one frame per branch, a join pops the innermost split and
 * must receive exactly that split's branches, and {@code end} must be reached with no split open.
 * Yields each step's split parents, each split's matching join, and the balance problems. Needs an
 * acyclic graph: with a cycle (reported by the cycle rule) it yields nothing.
 */
final class SplitAnalysis {
  /** One open split on the way to a step: the split step and the branch (its target) taken. */
  private record Frame(String split, String branch) {}

  /** One way into a step: the step it comes from and the splits open on that way. */
  private record Arrival(String from, List<Frame> stack) {}

  /**
   * The outcome.
   *
   * @param splitParents per step, the splits open around it, outermost first
   * @param matchingJoins per split step, the join that closes it
   * @param problems balance problems
   */
  record Result(
      Map<String, List<String>> splitParents,
      Map<String, String> matchingJoins,
      List<GraphProblem> problems) {}

  private final Map<String, StepModel> steps = new LinkedHashMap<>();
  private final Map<String, List<Arrival>> arrivals = new HashMap<>();
  private final Map<String, List<String>> splitParents = new HashMap<>();
  private final Map<String, String> matchingJoins = new HashMap<>();
  private final List<GraphProblem> problems = new ArrayList<>();

  private SplitAnalysis(List<StepModel> stepList) {
    stepList.forEach(s -> steps.putIfAbsent(s.name(), s));
  }

  static Result analyze(List<StepModel> stepList) {
    return new SplitAnalysis(stepList).run();
  }

  private Result run() {
    List<String> order = topologicalOrder();
    for (String name : order) {
      visit(steps.get(name));
    }
    return new Result(Map.copyOf(splitParents), Map.copyOf(matchingJoins), List.copyOf(problems));
  }

  private void visit(StepModel step) {
    List<Arrival> in = arrivals.getOrDefault(step.name(), List.of());
    List<Frame> stack = in.isEmpty() ? List.of() : in.get(0).stack();
    if (step.isJoin()) {
      stack = join(step, in);
    } else if (step.type() != StepType.END
        && in.stream().map(Arrival::stack).distinct().count() > 1) {
      problems.add(
          new GraphProblem(
              step.name(),
              "step '"
                  + step.name()
                  + "': steps "
                  + froms(in)
                  + " lead to it from different branches, but"
                  + " it is not a join",
              "make it a join (void "
                  + step.name()
                  + "(Inputs<F> inputs)) or send those branches to a join"
                  + " first",
              step.line()));
    }
    splitParents.put(step.name(), stack.stream().map(Frame::split).toList());
    var inside = in.stream().filter(a -> !a.stack().isEmpty()).toList();
    if (step.type() == StepType.END && !inside.isEmpty()) {
      List<Frame> open = inside.get(0).stack();
      String split = open.get(open.size() - 1).split();
      problems.add(
          new GraphProblem(
              step.name(),
              "step '"
                  + step.name()
                  + "': the end step is reached from "
                  + froms(inside)
                  + " inside the split at '"
                  + split
                  + "' before that split is joined",
              "add a join step (void join(Inputs<F> inputs)) that the branches of '"
                  + split
                  + "' go to, and go from it to '"
                  + step.name()
                  + "'",
              step.line()));
    }
    boolean splits =
        step.next().size() > 1 || step.foreachField().isPresent() || step.numParallel() != 0;
    for (String target : step.next()) {
      if (!steps.containsKey(target)) {
        continue;
      }
      var out = new ArrayList<>(stack);
      if (splits) {
        out.add(new Frame(step.name(), target));
      }
      arrivals.computeIfAbsent(target, k -> new ArrayList<>()).add(new Arrival(step.name(), out));
    }
  }

  /** Checks a join against the splits it receives and returns the stack after it. */
  private List<Frame> join(StepModel join, List<Arrival> in) {
    String name = join.name();
    if (in.isEmpty()) {
      return List.of();
    }
    if (in.stream().allMatch(a -> a.stack().isEmpty())) {
      problems.add(
          new GraphProblem(
              name,
              "step '" + name + "': it is a join (it takes Inputs) but no split leads to it",
              "remove the Inputs parameter, or reach it from every branch of a split (next(this::a, this::b)"
                  + " or foreach)",
              join.line()));
      return List.of();
    }
    var bySplit = new LinkedHashMap<List<Frame>, List<String>>();
    for (Arrival a : in) {
      List<Frame> outer =
          a.stack().isEmpty() ? List.of() : a.stack().subList(0, a.stack().size() - 1);
      String split = a.stack().isEmpty() ? "" : a.stack().get(a.stack().size() - 1).split();
      var key = new ArrayList<>(outer);
      key.add(new Frame(split, ""));
      bySplit.computeIfAbsent(key, k -> new ArrayList<>()).add(a.from());
    }
    List<Frame> first = in.get(0).stack();
    List<Frame> popped =
        first.isEmpty() ? List.of() : List.copyOf(first.subList(0, first.size() - 1));
    if (bySplit.size() > 1) {
      String groups =
          bySplit.entrySet().stream()
              .map(e -> e.getValue() + " from " + describeSplit(e.getKey()))
              .collect(Collectors.joining(", "));
      problems.add(
          new GraphProblem(
              name,
              "step '" + name + "': it joins steps from unrelated splits (" + groups + ")",
              "join each split with its own join step, then join those",
              join.line()));
      return popped;
    }
    String split = first.get(first.size() - 1).split();
    List<String> expected = steps.get(split).next();
    Set<String> branches = new LinkedHashSet<>();
    in.forEach(a -> branches.add(a.stack().get(a.stack().size() - 1).branch()));
    List<String> actual = expected.stream().filter(branches::contains).toList();
    if (!branches.equals(new LinkedHashSet<>(expected))) {
      problems.add(
          new GraphProblem(
              name,
              "step '"
                  + name
                  + "': it joins "
                  + actual
                  + " but the split at '"
                  + split
                  + "' has branches "
                  + expected,
              "make every branch of '" + split + "' end with next(this::" + name + ")",
              join.line()));
    }
    matchingJoins.putIfAbsent(split, name);
    return popped;
  }

  private static String describeSplit(List<Frame> key) {
    String split = key.get(key.size() - 1).split();
    return split.isEmpty() ? "outside any split" : "the split at '" + split + "'";
  }

  private static List<String> froms(List<Arrival> in) {
    return in.stream().map(Arrival::from).distinct().sorted().toList();
  }

  /**
   * Kahn's order of the steps reachable from start; empty when they contain a cycle or there is no
   * start.
   */
  private List<String> topologicalOrder() {
    if (!steps.containsKey(FlowModel.START)) {
      return List.of();
    }
    var reachable = new LinkedHashSet<String>();
    var queue = new ArrayDeque<String>(List.of(FlowModel.START));
    while (!queue.isEmpty()) {
      String name = queue.poll();
      if (reachable.add(name)) {
        steps.get(name).next().stream().filter(steps::containsKey).forEach(queue::add);
      }
    }
    var indegree = new HashMap<String, Integer>();
    reachable.forEach(n -> indegree.put(n, 0));
    for (String n : reachable) {
      for (String t : new LinkedHashSet<>(steps.get(n).next())) {
        if (indegree.containsKey(t)) {
          indegree.merge(t, 1, Integer::sum);
        }
      }
    }
    var order = new ArrayList<String>();
    var ready = new ArrayDeque<String>();
    reachable.stream().filter(n -> indegree.get(n) == 0).forEach(ready::add);
    while (!ready.isEmpty()) {
      String n = ready.poll();
      order.add(n);
      for (String t : new LinkedHashSet<>(steps.get(n).next())) {
        if (indegree.containsKey(t) && indegree.merge(t, -1, Integer::sum) == 0) {
          ready.add(t);
        }
      }
    }
    return order.size() == reachable.size() ? order : List.of();
  }
}
