package dev.flowline.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.datastore.BlobNotFoundException;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.StoreLayout;
import dev.flowline.datastore.StoreLayout.RunFile;
import dev.flowline.datastore.TaskPath;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The read side of {@link MetadataStore}: listings parsed from key names, records read on demand.
 */
final class MetadataReader {
  private final BlobStore store;
  private final MetadataJson json;

  MetadataReader(BlobStore store, MetadataJson json) {
    this.store = store;
    this.json = json;
  }

  /** The names of every flow with a run in this store, sorted. */
  List<String> flows() throws IOException {
    String prefix = StoreLayout.flowMarkersPrefix();
    return store.list(prefix).stream()
        .map(k -> k.substring(prefix.length()))
        .filter(k -> !k.contains("/"))
        .sorted()
        .toList();
  }

  /** Every run of {@code flow}, newest first, from one prefix list. */
  List<RunSummary> runs(String flow) throws IOException {
    Map<String, Long> started = new HashMap<>();
    Map<String, RunFile> ended = new HashMap<>();
    for (String key : store.list(StoreLayout.runsPrefix(flow))) {
      StoreLayout.runFile(flow, key)
          .ifPresent(
              f -> {
                if (f.isStart()) {
                  started.put(f.runId(), f.millis());
                } else {
                  ended.merge(f.runId(), f, (a, b) -> a.millis() <= b.millis() ? a : b);
                }
              });
    }
    List<RunSummary> runs = new ArrayList<>();
    started.forEach(
        (id, millis) -> {
          RunFile end = ended.get(id);
          runs.add(
              new RunSummary(
                  flow,
                  id,
                  Instant.ofEpochMilli(millis),
                  Optional.ofNullable(end).map(e -> Instant.ofEpochMilli(e.millis())),
                  end == null
                      ? RunStatus.RUNNING
                      : RunStatus.fromKey(end.endStatus().orElseThrow())));
        });
    runs.sort(
        Comparator.comparing(RunSummary::startedAt)
            .thenComparing(RunSummary::id, MetadataStore::compareIds)
            .reversed());
    return runs;
  }

  /** The run {@code flow/runId} with its tag mutations applied, if it exists. */
  Optional<RunRecord> run(String flow, String runId) throws IOException {
    List<String> keys = store.list(StoreLayout.runPrefix(flow, runId));
    RunFile start = null;
    RunFile end = null;
    List<String> tagEvents = new ArrayList<>();
    String tagsPrefix = StoreLayout.runTagsPrefix(flow, runId);
    for (String key : keys) {
      if (key.startsWith(tagsPrefix)) {
        tagEvents.add(key);
        continue;
      }
      Optional<RunFile> f = StoreLayout.runFile(flow, key);
      if (f.isPresent() && f.get().isStart()) {
        start = f.get();
      } else if (f.isPresent() && (end == null || f.get().millis() < end.millis())) {
        end = f.get();
      }
    }
    if (start == null) {
      return Optional.empty();
    }
    JsonNode node = read(start.key());
    List<String> tags = MetadataJson.strings(node, "tags");
    for (String key : tagEvents) { // sorted by time
      JsonNode event = read(key);
      tags =
          Tags.apply(
              tags, MetadataJson.strings(event, "remove"), MetadataJson.strings(event, "add"));
    }
    return Optional.of(
        new RunRecord(
            flow,
            runId,
            node.path("user").asText(),
            tags,
            MetadataJson.strings(node, "systemTags"),
            MetadataJson.stringMap(node, "parameters"),
            MetadataJson.index(node, "parameterValues"),
            Instant.ofEpochMilli(start.millis()),
            end == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(end.millis())),
            end == null ? RunStatus.RUNNING : RunStatus.fromKey(end.endStatus().orElseThrow())));
  }

  /** The steps of a run that have at least one task, sorted by name. */
  List<String> steps(String flow, String runId) throws IOException {
    Set<String> steps = new TreeSet<>();
    for (TaskSummary t : tasks(flow, runId)) {
      steps.add(t.path().step());
    }
    return List.copyOf(steps);
  }

  /** Every task of a run, from one prefix list, ordered by step name then task id. */
  List<TaskSummary> tasks(String flow, String runId) throws IOException {
    return summarize(flow, runId, store.list(StoreLayout.tasksPrefix(flow, runId)));
  }

  /** Every task of one step, ordered by task id. */
  List<TaskSummary> tasks(String flow, String runId, String step) throws IOException {
    return summarize(flow, runId, store.list(StoreLayout.stepPrefix(flow, runId, step)));
  }

  private List<TaskSummary> summarize(String flow, String runId, List<String> keys) {
    String prefix = StoreLayout.tasksPrefix(flow, runId);
    Map<List<String>, Map<Integer, AttemptStatus>> byTask = new LinkedHashMap<>();
    for (String key : keys) {
      String[] parts = key.substring(prefix.length()).split("/");
      if (parts.length != 3) {
        continue;
      }
      var attempts = byTask.computeIfAbsent(List.of(parts[0], parts[1]), k -> new TreeMap<>());
      StoreLayout.attemptFile(parts[2])
          .ifPresent(
              f -> {
                if (f.isDone()) {
                  attempts.put(f.attempt(), AttemptStatus.fromKey(f.doneStatus().orElseThrow()));
                } else if (f.kind().equals("attempt.json")) {
                  attempts.putIfAbsent(f.attempt(), AttemptStatus.RUNNING);
                }
              });
    }
    List<TaskSummary> tasks = new ArrayList<>();
    byTask.forEach(
        (k, attempts) ->
            tasks.add(
                new TaskSummary(
                    new TaskPath(flow, runId, k.get(0), k.get(1)), new TreeMap<>(attempts))));
    tasks.sort(
        Comparator.comparing((TaskSummary t) -> t.path().step())
            .thenComparing(t -> t.path().taskId(), MetadataStore::compareIds));
    return tasks;
  }

  /** The record of a task, if it was registered. */
  Optional<TaskRecord> task(TaskPath task) throws IOException {
    String key = StoreLayout.taskRecord(task);
    JsonNode node;
    try {
      node = read(key);
    } catch (BlobNotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(
        new TaskRecord(
            task,
            node.has("splitIndex") ? Optional.of(node.get("splitIndex").asInt()) : Optional.empty(),
            MetadataJson.strings(node, "inputPaths"),
            node.has("origin") ? Optional.of(node.get("origin").asText()) : Optional.empty(),
            Instant.ofEpochMilli(node.path("createdAt").asLong())));
  }

  /**
   * Every started attempt of a task, oldest first (reads each attempt's start and done records).
   */
  List<AttemptRecord> attempts(TaskPath task) throws IOException {
    List<String> keys = store.list(StoreLayout.taskPrefix(task));
    Map<Integer, String> starts = new TreeMap<>();
    Map<Integer, String> dones = new HashMap<>();
    String prefix = StoreLayout.taskPrefix(task);
    for (String key : keys) {
      StoreLayout.attemptFile(key.substring(prefix.length()))
          .ifPresent(
              f -> {
                if (f.isDone()) {
                  dones.put(f.attempt(), key);
                } else if (f.kind().equals("attempt.json")) {
                  starts.put(f.attempt(), key);
                }
              });
    }
    List<AttemptRecord> out = new ArrayList<>();
    for (var e : starts.entrySet()) {
      int n = e.getKey();
      JsonNode start = read(e.getValue());
      Instant startedAt = Instant.ofEpochMilli(start.path("startedAt").asLong());
      Map<String, String> info = new TreeMap<>();
      start
          .path("info")
          .fields()
          .forEachRemaining(f -> info.put(f.getKey(), f.getValue().asText()));
      String doneKey = dones.get(n);
      if (doneKey == null) {
        out.add(
            new AttemptRecord(
                n, startedAt, Optional.empty(), AttemptStatus.RUNNING, Optional.empty(), info));
        continue;
      }
      JsonNode done = read(doneKey);
      AttemptStatus status =
          AttemptStatus.fromKey(
              StoreLayout.attemptFile(doneKey.substring(prefix.length()))
                  .orElseThrow()
                  .doneStatus()
                  .orElseThrow());
      Optional<ExceptionSummary> exception =
          done.has("exception")
              ? Optional.of(
                  new ExceptionSummary(
                      done.get("exception").path("type").asText(),
                      done.get("exception").path("message").asText(),
                      done.get("exception").path("stackTrace").asText()))
              : Optional.empty();
      out.add(
          new AttemptRecord(
              n,
              startedAt,
              Optional.of(Instant.ofEpochMilli(done.path("endedAt").asLong())),
              status,
              exception,
              info));
    }
    return out;
  }

  /**
   * The attempt whose data a reader should use: the latest started attempt, if it is done
   * (successful or failed). Empty when the latest attempt has no done marker (running or crashed):
   * an older attempt is not used instead, as in Metaflow.
   */
  Optional<Integer> latestDoneAttempt(TaskPath task) throws IOException {
    String prefix = StoreLayout.taskPrefix(task);
    TaskSummary summary =
        summarize(task.flow(), task.runId(), store.list(prefix)).stream().findFirst().orElse(null);
    if (summary == null || !summary.finished()) {
      return Optional.empty();
    }
    return summary.latestAttempt();
  }

  JsonNode read(String key) throws IOException {
    try (InputStream in = store.get(key)) {
      return json.parse(in.readAllBytes(), key + " in " + store.root()); // small JSON
    }
  }
}
