package dev.flowline.metadata;

import dev.flowline.datastore.ArtifactIndex;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything recorded about a run, tag mutations applied.
 *
 * @param flow the flow name
 * @param id the run id
 * @param user who started it
 * @param tags user tags
 * @param systemTags system tags
 * @param parameters parameter values as given (command line or environment), as text, by name
 * @param parameterValues the effective value of every declared parameter, stored as artifacts, by
 *     field name (empty for runs recorded before Flowline kept them)
 * @param startedAt when it started
 * @param endedAt when it ended, if it did
 * @param status its status
 */
public record RunRecord(
    String flow,
    String id,
    String user,
    List<String> tags,
    List<String> systemTags,
    Map<String, String> parameters,
    ArtifactIndex parameterValues,
    Instant startedAt,
    Optional<Instant> endedAt,
    RunStatus status) {
  /** Canonical form: immutable copies. */
  public RunRecord {
    tags = List.copyOf(tags);
    systemTags = List.copyOf(systemTags);
    parameters = Map.copyOf(parameters);
  }

  /** {@code Flow/run}. */
  public String pathspec() {
    return flow + "/" + id;
  }

  /** User and system tags. */
  public List<String> allTags() {
    var all = new java.util.ArrayList<>(tags);
    all.addAll(systemTags);
    return List.copyOf(all);
  }
}
