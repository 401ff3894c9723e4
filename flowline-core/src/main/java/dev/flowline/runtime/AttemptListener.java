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

  /** The attempt ended; called exactly once, last. */
  void finished(AttemptOutcome outcome);
}
