package dev.flowline.runtime;

import java.util.List;

/**
 * Runs the {@code step} command lines a warm worker JVM receives ({@link WorkerMain}). The runtime
 * defines what a worker does; the command line belongs to the CLI layer, which provides the
 * implementation through {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.flowline.runtime.WorkerTaskRunner}). One instance serves all the tasks of
 * one worker, one at a time, and may keep what it learnt from one task for the next.
 */
public interface WorkerTaskRunner {
  /**
   * Loads what the tasks of {@code flowClass} need, without running anything; never fails (an
   * optimisation only: the first task reports real problems).
   */
  void warmUp(String flowClass, ClassLoader loader);

  /**
   * Runs one command line ({@code FLOW step STEP ...}) with the user's classes from {@code loader},
   * printing to {@code System.out} and {@code System.err}: its exit code.
   */
  int run(List<String> args, ClassLoader loader);
}
