package dev.flowline.runtime;

/** What a {@link TaskLauncher} tells the runtime about one attempt, from any thread. */
public interface AttemptListener extends OutputListener {
  /** The attempt started running (its process, worker or pod was found). */
  void started();

  /**
   * One line the attempt printed, without its line terminator, in the order printed per stream.
   * Every line arrives before {@link #finished}.
   */
  @Override
  void line(boolean stderr, String line);

  /**
   * How the launcher is getting on with the attempt before or while it runs, for the user (e.g.
   * "waiting for a node with 64 CPUs: 0/2 nodes are available: 2 Insufficient cpu"); not part of
   * the task's output or logs. Shown unless the run is quiet.
   */
  default void progress(String message) {}

  /** The attempt ended; called exactly once, last. */
  void finished(AttemptOutcome outcome);
}
