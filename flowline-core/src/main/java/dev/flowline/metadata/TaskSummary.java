package dev.flowline.metadata;

import dev.flowline.datastore.TaskPath;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A task as seen from one prefix list of its run, without reading any object.
 *
 * @param path the task
 * @param attempts attempt number to status, for every started attempt
 */
public record TaskSummary(TaskPath path, SortedMap<Integer, AttemptStatus> attempts) {
  /** Canonical form: an unmodifiable copy. */
  public TaskSummary {
    attempts = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(attempts));
  }

  /** The latest started attempt, if any. */
  public Optional<Integer> latestAttempt() {
    return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.lastKey());
  }

  /** The status of the latest attempt; {@link AttemptStatus#RUNNING} when none started. */
  public AttemptStatus status() {
    return attempts.isEmpty() ? AttemptStatus.RUNNING : attempts.get(attempts.lastKey());
  }

  /** Whether the latest attempt finished successfully. */
  public boolean successful() {
    return status() == AttemptStatus.OK;
  }

  /** Whether the latest attempt has a done marker (successful or failed). */
  public boolean finished() {
    return status() != AttemptStatus.RUNNING;
  }
}
