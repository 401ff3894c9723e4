package dev.flowline;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The tasks that lead into a join step, each seen as a read-only flow object whose artifacts are
 * those of that task. Iteration follows branch order for a static split and split index order for a
 * foreach.
 *
 * @param <F> the flow class
 */
public interface Inputs<F> extends Iterable<F> {
  /** Number of incoming tasks. */
  int size();

  /** The incoming task at position {@code i} (0-based). */
  F get(int i);

  /** The incoming task that ran step {@code stepName}; only for a static branch join. */
  F fromStep(String stepName);

  /** The incoming tasks as a stream. */
  Stream<F> stream();

  /** One value per incoming task, in order: {@code inputs.map(f -> f.score)}. */
  default <T> List<T> map(Function<? super F, ? extends T> f) {
    return stream().<T>map(f).toList();
  }
}
