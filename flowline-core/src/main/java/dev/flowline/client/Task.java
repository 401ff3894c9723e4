package dev.flowline.client;

import static dev.flowline.client.ClientContext.io;

import dev.flowline.datastore.LogStream;
import dev.flowline.datastore.TaskDatastore;
import dev.flowline.datastore.TaskPath;
import dev.flowline.metadata.AttemptRecord;
import dev.flowline.metadata.AttemptStatus;
import dev.flowline.metadata.ExceptionSummary;
import dev.flowline.metadata.TaskRecord;
import dev.flowline.metadata.TaskSummary;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One task: its artifacts, status, attempts, logs and timings. Data and logs come from the latest
 * attempt (Metaflow's rule: an attempt counts once its done marker exists; a running or crashed
 * latest attempt has no data yet, and an older attempt is not used instead).
 */
public final class Task {
  private final ClientContext ctx;
  private final TaskSummary summary;
  private List<AttemptRecord> attempts;
  private Optional<TaskRecord> record;
  private Data data;

  Task(ClientContext ctx, TaskSummary summary) {
    this.ctx = ctx;
    this.summary = summary;
  }

  /** The task id. */
  public String id() {
    return summary.path().taskId();
  }

  /** The step name. */
  public String stepName() {
    return summary.path().step();
  }

  /** {@code Flow/run/step/task}. */
  public String pathspec() {
    return summary.path().pathspec();
  }

  /** The task's address. */
  public TaskPath path() {
    return summary.path();
  }

  /** The status of the latest attempt. */
  public AttemptStatus status() {
    return summary.status();
  }

  /** Whether the latest attempt succeeded. */
  public boolean successful() {
    return summary.successful();
  }

  /** Whether the latest attempt is done (successful or failed). */
  public boolean finished() {
    return summary.finished();
  }

  /** Every attempt, oldest first. */
  public List<AttemptRecord> attempts() {
    if (attempts == null) {
      attempts = io(() -> ctx.metadata().attempts(summary.path()));
    }
    return attempts;
  }

  /** The latest attempt's number (0 for the first); -1 when none started. */
  public int currentAttempt() {
    return summary.latestAttempt().orElse(-1);
  }

  private Optional<AttemptRecord> latest() {
    List<AttemptRecord> all = attempts();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** When the first attempt started. */
  public Optional<Instant> createdAt() {
    return attempts().stream().findFirst().map(AttemptRecord::startedAt);
  }

  /** When the latest attempt finished. */
  public Optional<Instant> finishedAt() {
    return latest().flatMap(AttemptRecord::endedAt);
  }

  /** What the latest attempt threw, when it failed by an exception. */
  public Optional<ExceptionSummary> exception() {
    return latest().flatMap(AttemptRecord::exception);
  }

  /** The record written when the task was scheduled: split index, input paths, origin. */
  public Optional<TaskRecord> record() {
    if (record == null) {
      record = io(() -> ctx.metadata().task(summary.path()));
    }
    return record;
  }

  /** The foreach split index, for a task inside a foreach. */
  public Optional<Integer> index() {
    return record().flatMap(TaskRecord::splitIndex);
  }

  /** For a task cloned by resume, the pathspec of its origin. */
  public Optional<String> originPathspec() {
    return record().flatMap(TaskRecord::origin);
  }

  /** The latest attempt's standard output, or "" when none was saved. */
  public String stdout() {
    return log(LogStream.STDOUT, currentAttempt());
  }

  /** The latest attempt's standard error, or "" when none was saved. */
  public String stderr() {
    return log(LogStream.STDERR, currentAttempt());
  }

  /** A log of attempt {@code attempt}, or "" when none was saved. */
  public String log(LogStream stream, int attempt) {
    if (attempt < 0) {
      return "";
    }
    TaskDatastore ds = new TaskDatastore(ctx.contentStore(path().flow()), path(), attempt);
    return io(
        () -> {
          Optional<InputStream> in = ds.openLog(stream);
          if (in.isEmpty()) {
            return "";
          }
          try (InputStream s = in.get()) {
            return new String(s.readAllBytes(), StandardCharsets.UTF_8);
          }
        });
  }

  /**
   * The artifacts of the latest attempt.
   *
   * @throws FlowlineNotFoundException when the latest attempt is not done or stored no artifacts
   */
  public Data data() {
    if (data == null) {
      int attempt = currentAttempt();
      if (!finished()) {
        throw new FlowlineNotFoundException(
            "task "
                + pathspec()
                + " has no finished attempt yet (attempt "
                + attempt
                + " is running, or its process died); its artifacts appear when the attempt is done");
      }
      TaskDatastore ds = new TaskDatastore(ctx.contentStore(path().flow()), path(), attempt);
      if (!io(ds::hasIndex)) {
        throw new FlowlineNotFoundException(
            "task "
                + pathspec()
                + " attempt "
                + attempt
                + " stored no artifacts (status "
                + status().key()
                + ")");
      }
      data = new Data("task " + pathspec(), io(() -> ds.lazy(ctx.loader())));
    }
    return data;
  }

  /** The user artifacts (names not starting with '_'), sorted by name. */
  public List<Artifact> artifacts() {
    return data().names().stream().filter(n -> !n.startsWith("_")).map(this::artifact).toList();
  }

  /** The artifact {@code name}. @throws FlowlineNotFoundException listing the task's artifacts */
  public Artifact artifact(String name) {
    Data d = data();
    if (!d.contains(name)) {
      throw new FlowlineNotFoundException(
          "task " + pathspec() + " has no artifact '" + name + "'; its artifacts are " + d.names());
    }
    return new Artifact(pathspec() + "/" + name, name, d);
  }

  /** The value of artifact {@code name}, as {@code type}. */
  public <T> T artifact(String name, Class<T> type) {
    return data().get(name, type);
  }

  @Override
  public String toString() {
    return "Task('" + pathspec() + "')";
  }
}
