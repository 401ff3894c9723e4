package dev.flowline.runtime;

import dev.flowline.config.Config;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.ContentStore;
import dev.flowline.datastore.Datastores;
import dev.flowline.datastore.TaskDatastore;
import dev.flowline.datastore.TaskPath;
import dev.flowline.metadata.AttemptRecord;
import dev.flowline.metadata.AttemptStatus;
import dev.flowline.metadata.ExceptionSummary;
import dev.flowline.metadata.MetadataStore;
import dev.flowline.metadata.RunRecord;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The runtime's view of the datastore for one flow: the content store of its artifacts and the
 * metadata of its runs, tasks and attempts, both kept in one {@link BlobStore}.
 */
public final class RunStore implements AutoCloseable {
  private final BlobStore blobs;
  private final ContentStore cas;
  private final MetadataStore metadata;
  private final String flow;

  /** A view of {@code blobs} for flow {@code flow}. */
  public RunStore(BlobStore blobs, String flow) {
    this.blobs = blobs;
    this.flow = flow;
    this.cas = ContentStore.of(blobs, flow);
    this.metadata = MetadataStore.of(blobs);
  }

  /**
   * Opens the datastore of kind {@code kindOrNull} ({@code --datastore}; null for the configured
   * default).
   *
   * @throws IOException when it cannot be opened (the message names the kind and the fix)
   */
  public static RunStore open(String kindOrNull, Config config, String flow) throws IOException {
    return new RunStore(Datastores.open(kindOrNull, config), flow);
  }

  /** As {@link #open(String, Config, String)}, with the given datastore providers. */
  public static RunStore open(Datastores datastores, String kindOrNull, Config config, String flow)
      throws IOException {
    return new RunStore(datastores.openStore(kindOrNull, config), flow);
  }

  /** The flow name. */
  public String flow() {
    return flow;
  }

  /** The blob store. */
  public BlobStore blobs() {
    return blobs;
  }

  /** The content store of the flow's artifacts. */
  public ContentStore contentStore() {
    return cas;
  }

  /** The metadata of runs, tasks and attempts. */
  public MetadataStore metadata() {
    return metadata;
  }

  /** The data of attempt {@code attempt} of {@code task}. */
  public TaskDatastore data(TaskPath task, int attempt) {
    return new TaskDatastore(cas, task, attempt);
  }

  /**
   * The data of the successful attempt of {@code task}.
   *
   * @throws IllegalStateException when the task has no successful attempt
   */
  public TaskDatastore successfulData(TaskPath task) throws IOException {
    List<AttemptRecord> attempts = metadata.attempts(task);
    for (int i = attempts.size() - 1; i >= 0; i--) {
      if (attempts.get(i).status() == AttemptStatus.OK) {
        return data(task, attempts.get(i).number());
      }
    }
    throw new IllegalStateException(
        "input task "
            + task
            + " has no successful attempt (attempts: "
            + attempts.size()
            + "); it cannot be an input.");
  }

  /** Records the start of an attempt, registering the task at its first attempt. */
  public void attemptStarted(TaskPath task, TaskSpec spec) throws IOException {
    if (metadata.task(task).isEmpty()) {
      metadata.registerTask(task, spec.splitIndex(), spec.inputPaths(), Optional.empty());
    }
    metadata.startAttempt(task, spec.attempt(), AttemptInfo.of(System.getenv()));
  }

  /** Writes the done marker of an attempt: last, after artifacts and logs. */
  public void attemptDone(TaskPath task, int attempt, boolean ok, Throwable failure)
      throws IOException {
    metadata.finishAttempt(
        task,
        attempt,
        ok ? AttemptStatus.OK : AttemptStatus.FAILED,
        failure == null ? Optional.empty() : Optional.of(ExceptionSummary.of(failure)));
  }

  /**
   * The record of run {@code runId}.
   *
   * @throws IllegalStateException when there is no such run
   */
  public RunRecord run(String runId) throws IOException {
    return metadata
        .run(flow, runId)
        .orElseThrow(
            () -> new IllegalStateException("run " + flow + "/" + runId + " does not exist"));
  }

  @Override
  public void close() throws IOException {
    try {
      blobs.close();
    } catch (Exception e) {
      throw new IOException(
          "cannot close the datastore " + blobs.root() + ": " + e.getMessage(), e);
    }
  }
}
