package dev.flowline;

import java.io.Serializable;

/**
 * A reference to a step method that takes no argument, written {@code this::name}. Serializable so
 * the runtime can tell which method it names.
 */
@FunctionalInterface
public interface StepRef extends Serializable {
  /** Runs the step (only the runtime calls this). */
  void run() throws Exception;
}
