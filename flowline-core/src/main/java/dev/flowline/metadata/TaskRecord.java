package dev.flowline.metadata;

import dev.flowline.datastore.TaskPath;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A task as registered by the runtime before its first attempt.
 *
 * @param path the task's pathspec
 * @param splitIndex its foreach split index, inside a foreach
 * @param inputPaths the {@code run/step/task} paths of its input tasks, in order
 * @param origin for a task cloned by resume, the pathspec of the task it was cloned from
 * @param createdAt when it was registered
 */
public record TaskRecord(
    TaskPath path,
    Optional<Integer> splitIndex,
    List<String> inputPaths,
    Optional<String> origin,
    Instant createdAt) {
  /** Canonical form: immutable copy. */
  public TaskRecord {
    inputPaths = List.copyOf(inputPaths);
  }
}
