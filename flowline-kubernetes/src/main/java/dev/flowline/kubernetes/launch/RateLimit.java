package dev.flowline.kubernetes.launch;

/**
 * A client-side limit of requests per second (as client-go's and kubectl's QPS): {@link #acquire}
 * waits until the next request may go. Used by one thread.
 */
final class RateLimit {
  private final long intervalNanos;
  private long next = System.nanoTime();

  RateLimit(int perSecond) {
    this.intervalNanos = 1_000_000_000L / perSecond;
  }

  /** Waits for the next slot. */
  synchronized void acquire() throws InterruptedException {
    long now = System.nanoTime();
    if (next > now) {
      long wait = next - now;
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      now = next;
    }
    next = Math.max(now, next) + intervalNanos;
  }
}
