package dev.flowline.kubernetes.launch;

/**
 * A client-side limit of requests per second with a burst (client-go's token bucket, as its and
 * kubectl's QPS and burst): up to {@code burst} requests go at once, then one per interval. {@link
 * #acquire} waits, outside any lock, until the caller's request may go; safe for several threads.
 */
final class RateLimit {
  private final long intervalNanos;
  private final long burstNanos;
  private long nextFree = System.nanoTime();

  RateLimit(int perSecond, int burst) {
    if (perSecond < 1 || burst < 1) {
      throw new IllegalArgumentException(
          "rate and burst must be >= 1: " + perSecond + ", " + burst);
    }
    this.intervalNanos = 1_000_000_000L / perSecond;
    this.burstNanos = (burst - 1) * intervalNanos;
  }

  /** Waits for the next slot. */
  void acquire() throws InterruptedException {
    long wait = reserve(System.nanoTime());
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  /** Takes the next slot at {@code now} and returns how long the caller must wait for it. */
  synchronized long reserve(long now) {
    long slot = Math.max(nextFree, now);
    nextFree = slot + intervalNanos;
    return Math.max(0, slot - burstNanos - now);
  }
}
