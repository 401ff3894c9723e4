package dev.flowline.metadata;

import dev.flowline.datastore.ArtifactIndex;
import dev.flowline.datastore.ContentStore;
import dev.flowline.datastore.LogStream;
import dev.flowline.datastore.TaskDatastore;
import dev.flowline.datastore.TaskPath;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Clones a successful task of an earlier run into a new run, for {@code resume}: the new task gets
 * attempt 0 whose artifact index holds the origin's references (no artifact data is copied), the
 * origin's logs, a task record naming its origin, and an OK done marker.
 */
public final class TaskCloner {
  private final ContentStore cas;
  private final MetadataStore metadata;

  /** Clones within the flow of {@code cas}, recording in {@code metadata}. */
  public TaskCloner(ContentStore cas, MetadataStore metadata) {
    this.cas = cas;
    this.metadata = metadata;
  }

  /**
   * Clones {@code origin} to {@code target}.
   *
   * @param inputPaths the clone's input paths (in the new run)
   * @throws IllegalStateException when the origin's latest attempt is not done and successful
   */
  public ArtifactIndex cloneTask(TaskPath origin, TaskPath target, List<String> inputPaths)
      throws IOException {
    List<AttemptRecord> attempts = metadata.attempts(origin);
    AttemptRecord last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    if (last == null || last.status() != AttemptStatus.OK) {
      throw new IllegalStateException(
          "task "
              + origin
              + " cannot be cloned: its latest attempt is "
              + (last == null ? "missing" : last.status().key())
              + "; only successful tasks are cloned, rerun it instead");
    }
    Optional<Integer> split = metadata.task(origin).flatMap(TaskRecord::splitIndex);
    TaskDatastore from = new TaskDatastore(cas, origin, last.number());
    ArtifactIndex index = from.index();
    metadata.registerTask(target, split, inputPaths, Optional.of(origin.pathspec()));
    metadata.startAttempt(target, 0);
    TaskDatastore to = new TaskDatastore(cas, target, 0);
    to.writeIndex(index);
    for (LogStream stream : LogStream.values()) {
      Optional<InputStream> log = from.openLog(stream);
      if (log.isPresent()) {
        try (InputStream in = log.get()) {
          to.saveLog(stream, in, -1);
        }
      }
    }
    metadata.finishAttempt(target, 0, AttemptStatus.OK, Optional.empty());
    return index;
  }
}
