package dev.flowline.metadata;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One attempt of a task.
 *
 * @param number the attempt number, 0 for the first
 * @param startedAt when it started
 * @param endedAt when its done marker was written
 * @param status its status
 * @param exception what it threw, for a failed attempt that threw
 * @param info where and how it ran, as Metaflow's task metadata: {@code executor} ({@code local} or
 *     {@code kubernetes}), for pods {@code kubernetes-pod-name}, {@code kubernetes-pod-namespace},
 *     {@code kubernetes-node-name}, and what the launcher changed for this attempt (e.g. {@code
 *     memory-step-up} after an OOM kill); sorted by key
 */
public record AttemptRecord(
    int number,
    Instant startedAt,
    Optional<Instant> endedAt,
    AttemptStatus status,
    Optional<ExceptionSummary> exception,
    Map<String, String> info) {

  /** Copies {@code info}, sorted by key. */
  public AttemptRecord {
    info = Collections.unmodifiableSortedMap(new TreeMap<>(info));
  }

  /** An attempt without recorded info (written before attempts had any). */
  public AttemptRecord(
      int number,
      Instant startedAt,
      Optional<Instant> endedAt,
      AttemptStatus status,
      Optional<ExceptionSummary> exception) {
    this(number, startedAt, endedAt, status, exception, Map.of());
  }
}
