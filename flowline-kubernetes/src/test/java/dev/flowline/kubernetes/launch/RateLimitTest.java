package dev.flowline.kubernetes.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aBurstGoesAtOnceThenOneRequestPerInterval() {
    var limit = new RateLimit(20, 5);
    long now = System.nanoTime();
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      waits.add(limit.reserve(now));
    }
    long interval = SECOND / 20;
    assertThat(waits).containsExactly(0L, 0L, 0L, 0L, 0L, interval, 2 * interval, 3 * interval);
  }

  @Test
  void theBucketRefillsWhileIdle() {
    var limit = new RateLimit(10, 3);
    long now = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      assertThat(limit.reserve(now)).isZero();
    }
    assertThat(limit.reserve(now)).isEqualTo(SECOND / 10);
    // two seconds later the bucket is full again: three more go at once
    long later = now + 2 * SECOND;
    for (int i = 0; i < 3; i++) {
      assertThat(limit.reserve(later)).isZero();
    }
    assertThat(limit.reserve(later)).isPositive();
  }

  @Test
  void aRateOrBurstBelowOneIsRefused() {
    assertThatThrownBy(() -> new RateLimit(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimit(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
