package dev.flowline.client;

import static dev.flowline.client.ClientContext.io;

import dev.flowline.datastore.LazyArtifacts;
import dev.flowline.metadata.MetadataStore;
import dev.flowline.metadata.RunRecord;
import dev.flowline.metadata.RunStatus;
import dev.flowline.metadata.RunSummary;
import dev.flowline.metadata.TaskSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run: its steps, status, tags, timings and parameters. {@link #data()} is the end step's
 * artifacts. Status: a run ended by its runtime reports that; a run without an end record counts as
 * completed once its {@code end} task succeeded (e.g. a run orchestrated elsewhere), else as
 * running.
 */
public final class Run {
  private final ClientContext ctx;
  private final RunSummary summary;
  private RunRecord record;
  private List<TaskSummary> tasks;

  Run(ClientContext ctx, RunSummary summary) {
    this.ctx = ctx;
    this.summary = summary;
  }

  RunSummary summary() {
    return summary;
  }

  /** The run id. */
  public String id() {
    return summary.id();
  }

  /** The flow name. */
  public String flowName() {
    return summary.flow();
  }

  /** {@code Flow/run}. */
  public String pathspec() {
    return summary.pathspec();
  }

  RunRecord record() {
    if (record == null) {
      record =
          io(() -> ctx.metadata().run(summary.flow(), summary.id()))
              .orElseThrow(
                  () ->
                      new FlowlineNotFoundException(
                          "run " + pathspec() + " has disappeared from the store"));
    }
    return record;
  }

  boolean inNamespace() {
    return ctx.namespace().map(ns -> allTags().contains(ns)).orElse(true);
  }

  /** Tasks of the run, read once. */
  List<TaskSummary> taskSummaries() {
    if (tasks == null) {
      tasks = io(() -> ctx.metadata().tasks(summary.flow(), summary.id()));
    }
    return tasks;
  }

  /** The steps that have tasks, in the order they first ran (by lowest task id). */
  public List<Step> steps() {
    Map<String, List<TaskSummary>> byStep = new LinkedHashMap<>();
    List<TaskSummary> ordered = new ArrayList<>(taskSummaries());
    ordered.sort(Comparator.comparing(t -> t.path().taskId(), MetadataStore::compareIds));
    for (TaskSummary t : ordered) {
      byStep.computeIfAbsent(t.path().step(), k -> new ArrayList<>()).add(t);
    }
    List<Step> steps = new ArrayList<>();
    byStep.forEach((name, tasks) -> steps.add(new Step(ctx, this, name, tasks)));
    return steps;
  }

  /** The step {@code name}. @throws FlowlineNotFoundException listing the run's steps */
  public Step step(String name) {
    return steps().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new FlowlineNotFoundException(
                    "run "
                        + pathspec()
                        + " has no step '"
                        + name
                        + "'; its steps are "
                        + steps().stream().map(Step::name).toList()));
  }

  /** The task of the {@code end} step, once it exists. */
  public Optional<Task> endTask() {
    return steps().stream()
        .filter(s -> s.name().equals("end"))
        .findFirst()
        .flatMap(s -> s.tasks().stream().findFirst());
  }

  /**
   * The artifacts of the end task.
   *
   * @throws FlowlineNotFoundException when the run has no finished end task yet, naming its status
   */
  public Data data() {
    Task end =
        endTask()
            .filter(Task::finished)
            .orElseThrow(
                () ->
                    new FlowlineNotFoundException(
                        "run "
                            + pathspec()
                            + " has no finished end task yet (status "
                            + status().key()
                            + "); read a step's artifacts with run.step(\"NAME\").task().data()"));
    return end.data();
  }

  /** The run's status (see the class description). */
  public RunStatus status() {
    if (summary.status() != RunStatus.RUNNING) {
      return summary.status();
    }
    return endTask().filter(Task::successful).isPresent() ? RunStatus.COMPLETED : RunStatus.RUNNING;
  }

  /** Whether the run ended (successfully or not). */
  public boolean finished() {
    return status() != RunStatus.RUNNING;
  }

  /** Whether the run completed successfully. */
  public boolean successful() {
    return status() == RunStatus.COMPLETED;
  }

  /** User tags. */
  public List<String> userTags() {
    return record().tags();
  }

  /** System tags ({@code user:NAME}, {@code runtime:...}). */
  public List<String> systemTags() {
    return record().systemTags();
  }

  /** User and system tags. */
  public List<String> allTags() {
    return record().allTags();
  }

  /** Who started the run. */
  public String user() {
    return record().user();
  }

  /**
   * The run's parameters: the effective value of every declared parameter (given on the command
   * line, from {@code METAFLOW_RUN_<NAME>}, or the field's default), by field name, typed: {@code
   * run.parameters().get("rate", Double.class)}. A resumed run has its origin run's parameters.
   * Runs recorded before Flowline stored them have none here: see {@link #parametersAsGiven()}.
   */
  public Data parameters() {
    return new Data(
        "run " + pathspec() + " (parameters)",
        new LazyArtifacts(ctx.contentStore(flowName()), record().parameterValues(), ctx.loader()));
  }

  /**
   * The parameter values as the user gave them (command line or {@code METAFLOW_RUN_<NAME>}), as
   * text, by parameter name; parameters left at their default are absent.
   */
  public Map<String, String> parametersAsGiven() {
    return record().parameters();
  }

  /** When the run started. */
  public Instant createdAt() {
    return summary.startedAt();
  }

  /** When the run ended: its end record, else the end task's end. */
  public Optional<Instant> finishedAt() {
    if (summary.endedAt().isPresent()) {
      return summary.endedAt();
    }
    return endTask().filter(Task::successful).flatMap(Task::finishedAt);
  }

  /** Adds user tags (for the {@code tag} command). */
  public Run addTags(Collection<String> tags) {
    record = io(() -> ctx.metadata().addTags(flowName(), id(), tags));
    return this;
  }

  /** Removes user tags. @throws IllegalArgumentException when one is a system tag */
  public Run removeTags(Collection<String> tags) {
    record = io(() -> ctx.metadata().removeTags(flowName(), id(), tags));
    return this;
  }

  @Override
  public String toString() {
    return "Run('" + pathspec() + "')";
  }
}
