package dev.flowline;

import java.io.Serializable;

/**
 * A reference to a join step method, written {@code this::join}, where the method takes {@code
 * Inputs<F>}.
 *
 * @param <F> the flow class
 */
@FunctionalInterface
public interface JoinRef<F> extends Serializable {
  /** Runs the join (only the runtime calls this). */
  void run(Inputs<F> inputs) throws Exception;
}
