package dev.flowline.metadata;

import java.time.Clock;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Makes numeric run ids, like Metaflow's: the start time in microseconds followed by three random
 * digits, e.g. {@code 1764236056123456789}. They sort by time (same length until the year 2286) and
 * two machines that share a store collide only when they start in the same microsecond and draw the
 * same digits; {@link MetadataStore#startRun} also refuses an id that already exists.
 */
public final class RunIds {
  private final Clock clock;
  private final RandomGenerator random;

  /** Ids from {@code clock} and {@code random}. */
  public RunIds(Clock clock, RandomGenerator random) {
    this.clock = clock;
    this.random = random;
  }

  /** Ids from the system clock and a secure random source. */
  public static RunIds system() {
    return new RunIds(Clock.systemUTC(), new java.security.SecureRandom());
  }

  /** A new run id. */
  public String next() {
    Instant now = clock.instant();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    return micros + String.format("%03d", random.nextInt(1000));
  }
}
