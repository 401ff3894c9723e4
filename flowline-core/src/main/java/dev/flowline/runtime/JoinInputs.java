package dev.flowline.runtime;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The inputs of a join: one read-only flow object per incoming task, each built (its artifacts
 * loaded) on first access.
 */
final class JoinInputs<F extends FlowSpec> implements Inputs<F> {
  private final String joinStep;
  private final List<InputTask> tasks;
  private final Function<InputTask, F> builder;
  private final List<F> built;

  JoinInputs(String joinStep, List<InputTask> tasks, Function<InputTask, F> builder) {
    this.joinStep = joinStep;
    this.tasks = List.copyOf(tasks);
    this.builder = builder;
    this.built = new ArrayList<>();
    tasks.forEach(t -> built.add(null));
  }

  /** The incoming tasks, in order. */
  List<InputTask> tasks() {
    return tasks;
  }

  @Override
  public int size() {
    return tasks.size();
  }

  @Override
  public F get(int i) {
    if (i < 0 || i >= tasks.size()) {
      throw new IndexOutOfBoundsException(
          "join '"
              + joinStep
              + "' has "
              + tasks.size()
              + " inputs; index "
              + i
              + " is out of range");
    }
    F f = built.get(i);
    if (f == null) {
      f = builder.apply(tasks.get(i));
      built.set(i, f);
    }
    return f;
  }

  @Override
  public F fromStep(String stepName) {
    for (int i = 0; i < tasks.size(); i++) {
      if (tasks.get(i).path().step().equals(stepName)) {
        return get(i);
      }
    }
    throw new NoSuchElementException(
        "join '"
            + joinStep
            + "' has no input from step '"
            + stepName
            + "'; its inputs come from "
            + tasks.stream().map(t -> t.path().step()).distinct().toList());
  }

  @Override
  public Stream<F> stream() {
    return IntStream.range(0, tasks.size()).mapToObj(this::get);
  }

  @Override
  public Iterator<F> iterator() {
    return stream().iterator();
  }
}
