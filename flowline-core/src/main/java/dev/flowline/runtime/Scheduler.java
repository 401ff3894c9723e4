package dev.flowline.runtime;

import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Decides which tasks become ready as tasks finish, from the static graph alone: linear steps,
 * static branches, foreach splits (one task per item, nested) and joins, which wait for every
 * incoming task of the split they close. Pure bookkeeping, no I/O and no threads: the runtime calls
 * it from one thread.
 */
public final class Scheduler {

  /**
   * One open split around a task: the split task, the task's position in it and its width.
   *
   * @param splitStep the split step
   * @param splitPath the pathspec {@code run/step/task} of the split task
   * @param index the branch or foreach index
   * @param width the number of branches or foreach items
   */
  public record Frame(String splitStep, String splitPath, int index, int width) {}

  /**
   * A task that can run now.
   *
   * @param step the step to run
   * @param inputPaths the pathspecs of its input tasks, in order
   * @param splitIndex the foreach index, for the first step of a foreach body
   * @param stack the open splits around it, outermost first
   */
  public record ReadyTask(
      String step, List<String> inputPaths, Optional<Integer> splitIndex, List<Frame> stack) {

    /** Canonical form: immutable lists. */
    public ReadyTask {
      inputPaths = List.copyOf(inputPaths);
      stack = List.copyOf(stack);
    }

    /**
     * Where the task stands in the run independent of task ids, e.g. {@code body[2,0]}: the same
     * for the same task in a resumed run.
     */
    public String pathIndex() {
      return step
          + stack.stream()
              .map(f -> Integer.toString(f.index()))
              .collect(Collectors.joining(",", "[", "]"));
    }
  }

  private final FlowModel flow;
  private final int maxNumSplits;
  private final Map<String, TreeMap<Integer, String>> arrivals = new HashMap<>();
  private boolean endDone;

  /** A scheduler for {@code flow} that refuses foreach splits wider than {@code maxNumSplits}. */
  public Scheduler(FlowModel flow, int maxNumSplits) {
    this.flow = flow;
    this.maxNumSplits = maxNumSplits;
  }

  /** The start task; it has no input task (it reads the run's parameters from the run record). */
  public ReadyTask start() {
    return new ReadyTask(
        flow.steps().isEmpty() ? "start" : "start", List.of(), Optional.empty(), List.of());
  }

  /** Whether the end step finished: the run succeeded. */
  public boolean finished() {
    return endDone;
  }

  /**
   * Records that {@code task} finished successfully as {@code path} and returns the tasks that
   * became ready.
   *
   * @param foreachSplits the number of items, when the task's step is a foreach; ignored otherwise
   * @throws IllegalStateException when a foreach has more items than allowed or none (names the
   *     step, the count and the fix)
   */
  public List<ReadyTask> succeeded(ReadyTask task, String path, int foreachSplits) {
    StepModel step = flow.step(task.step());
    var ready = new ArrayList<ReadyTask>();
    if (step.type() == StepType.END) {
      endDone = true;
      return ready;
    }
    if (step.type() == StepType.SPLIT) {
      int n = step.next().size();
      for (int i = 0; i < n; i++) {
        var stack = push(task.stack(), new Frame(step.name(), path, i, n));
        follow(step.next().get(i), path, Optional.empty(), stack, ready);
      }
      return ready;
    }
    if (step.type() == StepType.FOREACH) {
      String field = step.foreachField().orElse("?");
      if (step.startsGang() && foreachSplits > maxNumSplits) {
        throw new IllegalStateException(
            "The gang started in step '"
                + step.name()
                + "' has "
                + foreachSplits
                + " nodes, more than the current maximum of "
                + maxNumSplits
                + " tasks of one split. Raise the maximum with --max-num-splits "
                + foreachSplits
                + ".");
      }
      if (foreachSplits > maxNumSplits) {
        throw new IllegalStateException(
            "Foreach in step '"
                + step.name()
                + "' over field '"
                + field
                + "' yielded "
                + foreachSplits
                + " child steps, more than the current maximum of "
                + maxNumSplits
                + ". Raise the maximum with --max-num-splits "
                + foreachSplits
                + ".");
      }
      if (foreachSplits <= 0) {
        throw new IllegalStateException(
            "Foreach in step '"
                + step.name()
                + "' over field '"
                + field
                + "' has no items, so the"
                + " steps after it and its join would never run. Make sure '"
                + field
                + "' holds at least one item.");
      }
      for (int i = 0; i < foreachSplits; i++) {
        var stack = push(task.stack(), new Frame(step.name(), path, i, foreachSplits));
        follow(step.next().get(0), path, Optional.of(i), stack, ready);
      }
      return ready;
    }
    for (String next : step.next()) {
      follow(next, path, Optional.empty(), task.stack(), ready);
    }
    return ready;
  }

  private void follow(
      String target,
      String path,
      Optional<Integer> splitIndex,
      List<Frame> stack,
      List<ReadyTask> ready) {
    if (flow.step(target).type() != StepType.JOIN) {
      ready.add(new ReadyTask(target, List.of(path), splitIndex, stack));
      return;
    }
    if (stack.isEmpty()) {
      throw new IllegalStateException(
          "step '" + target + "' is a join but no split is open on the way to it; run 'check'.");
    }
    Frame top = stack.get(stack.size() - 1);
    List<Frame> outer = stack.subList(0, stack.size() - 1);
    String key = target + "|" + top.splitPath();
    var got = arrivals.computeIfAbsent(key, k -> new TreeMap<>());
    got.put(top.index(), path);
    if (got.size() == top.width()) {
      arrivals.remove(key);
      ready.add(new ReadyTask(target, List.copyOf(got.values()), Optional.empty(), outer));
    }
  }

  private static List<Frame> push(List<Frame> stack, Frame frame) {
    var copy = new ArrayList<>(stack);
    copy.add(frame);
    return copy;
  }
}
