package dev.flowline.metadata;

import java.time.Instant;
import java.util.Optional;

/**
 * One attempt of a task.
 *
 * @param number the attempt number, 0 for the first
 * @param startedAt when it started
 * @param endedAt when its done marker was written
 * @param status its status
 * @param exception what it threw, for a failed attempt that threw
 */
public record AttemptRecord(
    int number,
    Instant startedAt,
    Optional<Instant> endedAt,
    AttemptStatus status,
    Optional<ExceptionSummary> exception) {}
