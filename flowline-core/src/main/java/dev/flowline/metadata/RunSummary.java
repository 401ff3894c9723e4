package dev.flowline.metadata;

import java.time.Instant;
import java.util.Optional;

/**
 * A run as seen from one prefix list, without reading any object.
 *
 * @param flow the flow name
 * @param id the run id
 * @param startedAt when it started
 * @param endedAt when it ended, if it did
 * @param status its status
 */
public record RunSummary(
    String flow, String id, Instant startedAt, Optional<Instant> endedAt, RunStatus status) {
  /** {@code Flow/run}. */
  public String pathspec() {
    return flow + "/" + id;
  }
}
