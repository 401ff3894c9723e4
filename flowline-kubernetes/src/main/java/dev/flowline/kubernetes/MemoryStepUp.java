package dev.flowline.kubernetes;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * Raising a step's memory after its pod was OOM-killed ({@code oomMemoryFactor}, {@code
 * oomMemoryMax}): each retry that follows an OOM kill gets {@code factor} times the memory of the
 * one before, up to {@code maxMb}. The step's own memory is never lowered, even when it is above
 * the cap.
 *
 * @param factor the multiplier, greater than 1
 * @param maxMb the most memory (MB) a retry gets; empty for no cap of ours (the step's memory stays
 *     a whole number of MB below 2^31)
 */
public record MemoryStepUp(BigDecimal factor, Optional<Long> maxMb) {
  /** The largest memory a step can ask for (MB), as {@code @Kubernetes(memory)} is an int. */
  public static final long LARGEST_MB = Integer.MAX_VALUE;

  /** Canonical form: the factor is greater than 1, the cap at least 1 MB. */
  public MemoryStepUp {
    Objects.requireNonNull(factor, "factor");
    Objects.requireNonNull(maxMb, "maxMb");
    if (factor.compareTo(BigDecimal.ONE) <= 0) {
      throw new IllegalArgumentException("factor must be greater than 1, got " + factor);
    }
    if (maxMb.isPresent() && maxMb.get() < 1) {
      throw new IllegalArgumentException("maxMb must be at least 1, got " + maxMb.get());
    }
  }

  /**
   * The memory (MB) for the next attempt of a step that asks for {@code baseMb}, after {@code
   * oomKills} of its earlier attempts were OOM-killed: {@code baseMb * factor^oomKills}, rounded up
   * to whole MB, at most {@code maxMb} (but never below {@code baseMb}).
   *
   * @throws IllegalArgumentException when {@code baseMb < 1} or {@code oomKills < 0}
   */
  public long memoryMb(long baseMb, int oomKills) {
    if (baseMb < 1) {
      throw new IllegalArgumentException("baseMb must be at least 1, got " + baseMb);
    }
    if (oomKills < 0) {
      throw new IllegalArgumentException("oomKills must not be negative, got " + oomKills);
    }
    long cap = Math.max(baseMb, Math.min(maxMb.orElse(LARGEST_MB), LARGEST_MB));
    BigDecimal memory = BigDecimal.valueOf(baseMb);
    for (int i = 0; i < oomKills && memory.compareTo(BigDecimal.valueOf(cap)) < 0; i++) {
      memory = memory.multiply(factor).setScale(0, RoundingMode.CEILING);
    }
    return Math.min(cap, memory.longValueExact());
  }
}
