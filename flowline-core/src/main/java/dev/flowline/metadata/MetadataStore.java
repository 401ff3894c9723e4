package dev.flowline.metadata;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.StoreLayout;
import dev.flowline.datastore.TaskPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Flows, runs, tasks and attempts, recorded in the {@link BlobStore} itself so every machine that
 * shares a store sees the same runs. Writes are append-only (every key is written once); the layout
 * is in {@link StoreLayout}. Not synchronized: objects are immutable once written, and each writer
 * writes its own keys.
 */
public final class MetadataStore {
  private final BlobStore store;
  private final Clock clock;
  private final MetadataJson json = new MetadataJson();
  private final MetadataReader reader;

  /** Metadata in {@code store}, timed by {@code clock}. */
  public MetadataStore(BlobStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.reader = new MetadataReader(store, json);
  }

  /** Metadata in {@code store}, timed by the system clock. */
  public static MetadataStore of(BlobStore store) {
    return new MetadataStore(store, Clock.systemUTC());
  }

  /** The blob store underneath. */
  public BlobStore blobStore() {
    return store;
  }

  // ---------------------------------------------------------------- writes

  /**
   * Records the start of a run (and of its flow, the first time). The system tag {@code user:USER}
   * is added when missing: it is the client's default namespace.
   *
   * @throws IllegalArgumentException naming every bad tag
   * @throws IllegalStateException when the run id is already used in this store
   */
  public RunRecord startRun(NewRun run) throws IOException {
    Tags.check("run " + run.flow() + "/" + run.runId(), run.tags());
    new TaskPath(run.flow(), run.runId(), "start", "0"); // checks the ids
    if (run.tags().size() > Tags.MAX_TAGS) {
      throw new IllegalArgumentException(
          "run "
              + run.flow()
              + "/"
              + run.runId()
              + ": "
              + run.tags().size()
              + " tags given; a run has at most "
              + Tags.MAX_TAGS
              + " user tags");
    }
    if (!store.list(StoreLayout.runPrefix(run.flow(), run.runId())).isEmpty()) {
      throw new IllegalStateException(
          "run "
              + run.flow()
              + "/"
              + run.runId()
              + " already exists in "
              + store.root()
              + "; run ids must be unique. Choose another --run-id, or leave it out to get a new one.");
    }
    String marker = StoreLayout.flowMarker(run.flow());
    Instant now = now();
    if (!store.exists(marker)) {
      ObjectNode flow = json.object().put("flow", run.flow()).put("createdAt", now.toEpochMilli());
      put(marker, flow);
    }
    ObjectNode node =
        json.object().put("flow", run.flow()).put("runId", run.runId()).put("user", run.user());
    MetadataJson.putStrings(
        node, "tags", new ArrayList<>(new java.util.LinkedHashSet<>(run.tags())));
    var systemTags = new java.util.LinkedHashSet<>(run.systemTags());
    systemTags.add("user:" + run.user()); // the client's default namespace
    MetadataJson.putStrings(node, "systemTags", systemTags);
    ObjectNode params = node.putObject("parameters");
    new TreeMap<>(run.parameters()).forEach(params::put);
    MetadataJson.putIndex(node, "parameterValues", run.parameterValues());
    node.put("startedAt", now.toEpochMilli());
    put(StoreLayout.runStart(run.flow(), run.runId(), now.toEpochMilli()), node);
    return run(run.flow(), run.runId()).orElseThrow();
  }

  /**
   * Records the end of a run with {@code status} ({@link RunStatus#COMPLETED} or {@link
   * RunStatus#FAILED}).
   */
  public void finishRun(String flow, String runId, RunStatus status) throws IOException {
    if (status == RunStatus.RUNNING) {
      throw new IllegalArgumentException("finishRun needs COMPLETED or FAILED, not RUNNING");
    }
    requireRun(flow, runId);
    Instant now = now();
    put(
        StoreLayout.runEnd(flow, runId, status.key(), now.toEpochMilli()),
        json.object().put("endedAt", now.toEpochMilli()));
  }

  /** Adds user tags to a run; a tag that is already a system tag is ignored. */
  public RunRecord addTags(String flow, String runId, Collection<String> tags) throws IOException {
    return replaceTags(flow, runId, List.of(), tags);
  }

  /** Removes user tags from a run. @throws IllegalArgumentException when one is a system tag */
  public RunRecord removeTags(String flow, String runId, Collection<String> tags)
      throws IOException {
    return replaceTags(flow, runId, tags, List.of());
  }

  /**
   * Removes {@code remove} then adds {@code add}, as one mutation.
   *
   * @throws IllegalArgumentException naming every bad tag, a system tag to remove, or too many tags
   */
  public RunRecord replaceTags(
      String flow, String runId, Collection<String> remove, Collection<String> add)
      throws IOException {
    RunRecord run = requireRun(flow, runId);
    List<String> problems = new ArrayList<>(Tags.problems(add));
    problems.addAll(Tags.problems(remove));
    for (String t : remove) {
      if (run.systemTags().contains(t)) {
        problems.add("'" + t + "' is a system tag, which cannot be removed (only user tags can)");
      }
    }
    List<String> toAdd = add.stream().filter(t -> !run.systemTags().contains(t)).toList();
    List<String> after = Tags.apply(run.tags(), remove, toAdd);
    if (after.size() > Tags.MAX_TAGS) {
      problems.add(
          "the run would have " + after.size() + " user tags; a run has at most " + Tags.MAX_TAGS);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "run " + run.pathspec() + ": " + String.join("; ", problems));
    }
    Instant now = now();
    ObjectNode event = json.object();
    MetadataJson.putStrings(event, "remove", remove);
    MetadataJson.putStrings(event, "add", toAdd);
    event.put("at", now.toEpochMilli());
    String random = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
    put(StoreLayout.runTagEvent(flow, runId, now.toEpochMilli(), random), event);
    return requireRun(flow, runId);
  }

  /** Registers a task before its first attempt. */
  public TaskRecord registerTask(
      TaskPath task, Optional<Integer> splitIndex, List<String> inputPaths, Optional<String> origin)
      throws IOException {
    Instant now = now();
    ObjectNode node = json.object().put("task", task.pathspec());
    splitIndex.ifPresent(i -> node.put("splitIndex", i));
    MetadataJson.putStrings(node, "inputPaths", inputPaths);
    origin.ifPresent(o -> node.put("origin", o));
    node.put("createdAt", now.toEpochMilli());
    put(StoreLayout.taskRecord(task), node);
    return new TaskRecord(
        task, splitIndex, inputPaths, origin, Instant.ofEpochMilli(now.toEpochMilli()));
  }

  /** Records that attempt {@code attempt} of {@code task} started. */
  public void startAttempt(TaskPath task, int attempt) throws IOException {
    startAttempt(task, attempt, Map.of());
  }

  /**
   * Records that attempt {@code attempt} of {@code task} started, with where and how it runs (see
   * {@link AttemptRecord#info()}).
   */
  public void startAttempt(TaskPath task, int attempt, Map<String, String> info)
      throws IOException {
    Instant now = now();
    ObjectNode node = json.object().put("attempt", attempt).put("startedAt", now.toEpochMilli());
    if (!info.isEmpty()) {
      ObjectNode infoNode = node.putObject("info");
      new TreeMap<>(info).forEach(infoNode::put);
    }
    put(StoreLayout.attemptStart(task, attempt), node);
  }

  /**
   * Writes the done marker of an attempt; call it last, after the artifacts and logs are stored, so
   * that a crashed attempt is never taken as successful.
   *
   * @param status {@link AttemptStatus#OK} or {@link AttemptStatus#FAILED}
   */
  public void finishAttempt(
      TaskPath task, int attempt, AttemptStatus status, Optional<ExceptionSummary> exception)
      throws IOException {
    if (status == AttemptStatus.RUNNING) {
      throw new IllegalArgumentException("finishAttempt needs OK or FAILED, not RUNNING");
    }
    Instant now = now();
    ObjectNode node = json.object().put("attempt", attempt).put("endedAt", now.toEpochMilli());
    exception.ifPresent(
        e ->
            node.putObject("exception")
                .put("type", e.type())
                .put("message", e.message())
                .put("stackTrace", e.stackTrace()));
    put(StoreLayout.attemptDone(task, attempt, status.key()), node);
  }

  // ---------------------------------------------------------------- reads

  /** The names of every flow with a run in this store, sorted. */
  public List<String> flows() throws IOException {
    return reader.flows();
  }

  /** Every run of {@code flow}, newest first, from one prefix list. */
  public List<RunSummary> runs(String flow) throws IOException {
    return reader.runs(flow);
  }

  /** The run {@code flow/runId} with its tag mutations applied, if it exists. */
  public Optional<RunRecord> run(String flow, String runId) throws IOException {
    return reader.run(flow, runId);
  }

  /** The steps of a run that have at least one task, sorted by name. */
  public List<String> steps(String flow, String runId) throws IOException {
    return reader.steps(flow, runId);
  }

  /** Every task of a run, from one prefix list, ordered by step name then task id. */
  public List<TaskSummary> tasks(String flow, String runId) throws IOException {
    return reader.tasks(flow, runId);
  }

  /** Every task of one step, ordered by task id. */
  public List<TaskSummary> tasks(String flow, String runId, String step) throws IOException {
    return reader.tasks(flow, runId, step);
  }

  /** The record of a task, if it was registered. */
  public Optional<TaskRecord> task(TaskPath task) throws IOException {
    return reader.task(task);
  }

  /**
   * Every started attempt of a task, oldest first (reads each attempt's start and done records).
   */
  public List<AttemptRecord> attempts(TaskPath task) throws IOException {
    return reader.attempts(task);
  }

  /**
   * The attempt whose data a reader should use: the latest started attempt, if it is done
   * (successful or failed). Empty when the latest attempt has no done marker (running or crashed):
   * an older attempt is not used instead, as in Metaflow.
   */
  public Optional<Integer> latestDoneAttempt(TaskPath task) throws IOException {
    return reader.latestDoneAttempt(task);
  }

  // ---------------------------------------------------------------- helpers

  private RunRecord requireRun(String flow, String runId) throws IOException {
    return run(flow, runId)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "run " + flow + "/" + runId + " does not exist in " + store.root()));
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  private void put(String key, ObjectNode node) throws IOException {
    byte[] bytes = json.bytes(node);
    store.put(key, new ByteArrayInputStream(bytes), bytes.length);
  }

  /** The order of run and task ids: numeric ids by value, then other ids as text. */
  public static int compareIds(String a, String b) {
    boolean na = a.chars().allMatch(Character::isDigit);
    boolean nb = b.chars().allMatch(Character::isDigit);
    if (na && nb) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return a.compareTo(b);
  }
}
