package dev.flowline.runtime;

/**
 * Runs task attempts somewhere (warm worker JVMs on this machine, a Kubernetes Job, ...) and tells
 * the runtime asynchronously how each one goes. The runtime decides what runs when (retries,
 * {@code @Catch}, joins); a launcher only runs the {@code step} command of the attempt it is handed
 * and reports back. Launchers other than the local one come from a {@link TaskLauncherFactory}.
 */
public interface TaskLauncher extends AutoCloseable {
  /**
   * The name of this back end in the run's system tag {@code runtime:NAME} (e.g. {@code local},
   * {@code kubernetes}).
   */
  String name();

  /**
   * Starts {@code attempt} and returns at once. The launcher calls {@link
   * AttemptListener#started()}, then {@link AttemptListener#line} for each line the attempt prints,
   * then {@link AttemptListener#finished} exactly once, from any thread, also when the attempt
   * could not be started or the launcher itself failed (then with {@link
   * AttemptOutcome.InfrastructureFailure}).
   */
  void launch(TaskAttempt attempt, AttemptListener listener);

  /**
   * How many times in a row an attempt of {@code step} that ended {@link AttemptOutcome.Disrupted}
   * is run again at once, not counted against the step's {@code @Retry} (the infrastructure's retry
   * budget; 0 by default).
   */
  default int disruptionRetries(dev.flowline.model.StepModel step) {
    return 0;
  }

  /**
   * Where the control node (index 0) of a gang of {@code step} will listen, before its nodes are
   * launched: the address every node is given as {@code MF_MASTER_ADDR} and the port as {@code
   * MF_MASTER_PORT}. {@code control} is the control node's attempt (the other nodes' task ids
   * follow its id). By default the loopback address and a port free on this machine now.
   *
   * @throws RuntimeException when this launcher cannot run the gang (the message says why); the run
   *     then fails before any node starts
   */
  default GangControl gangControl(dev.flowline.model.StepModel step, TaskSpec control) {
    return GangControl.loopback(java.util.Optional.empty());
  }

  /**
   * Stops the attempt {@code spec} if it runs (it still reports {@link AttemptListener#finished});
   * the runtime stops the other nodes of a gang when one fails. By default nothing: the other nodes
   * then run until they end by themselves.
   */
  default void stop(TaskSpec spec) {}

  /**
   * How many tasks are ready but not yet handed to this launcher (a hint, e.g. for growing a pool
   * of workers); called before the runtime waits for the next event.
   */
  default void backlog(int readyTasks) {}

  /**
   * Stops every running attempt now (each still reports {@link AttemptListener#finished}) and
   * starts no new one. Idempotent; called from any thread, also from a shutdown hook.
   */
  void stopAll();

  /** Releases what the launcher holds once the run ended (idempotent). */
  @Override
  void close();
}
