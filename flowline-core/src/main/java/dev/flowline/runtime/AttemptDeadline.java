package dev.flowline.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The time limit of one running attempt: kills it when the limit passes first, and does nothing
 * once the attempt ended first, also when its timer fires between the end and {@link #ended()}.
 */
final class AttemptDeadline {
  private static final int RUNNING = 0;
  private static final int ENDED = 1;
  private static final int PASSED = 2;

  private final AtomicInteger state = new AtomicInteger(RUNNING);
  private final Optional<ScheduledFuture<?>> timer;

  private AttemptDeadline(
      Optional<Duration> limit, ScheduledExecutorService timers, Runnable kill) {
    this.timer =
        limit.map(
            t ->
                timers.schedule(
                    () -> {
                      if (state.compareAndSet(RUNNING, PASSED)) {
                        kill.run();
                      }
                    },
                    t.toMillis(),
                    TimeUnit.MILLISECONDS));
  }

  /** Starts the clock of an attempt: {@code kill} runs when {@code limit} passes before its end. */
  static AttemptDeadline start(
      Optional<Duration> limit, ScheduledExecutorService timers, Runnable kill) {
    return new AttemptDeadline(limit, timers, kill);
  }

  /** The attempt ended: stops the clock. Safe to call more than once. */
  void ended() {
    state.compareAndSet(RUNNING, ENDED);
    timer.ifPresent(t -> t.cancel(false));
  }

  /** Whether the limit passed (and the attempt was killed) before it ended. */
  boolean passed() {
    return state.get() == PASSED;
  }
}
