package dev.flowline.runtime;

import dev.flowline.Current;
import dev.flowline.FlowSpec;
import dev.flowline.datastore.ArtifactIndex;
import dev.flowline.datastore.TaskPath;
import dev.flowline.datastore.cas.ArtifactRef;
import dev.flowline.internal.Bindings;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The body of the internal {@code step} command: runs one attempt of one task. Loads the inputs
 * from the datastore, builds the flow object, binds the task, calls the step method, checks the
 * transition against the static graph, stores the artifacts, and writes the done marker last. The
 * same code runs in a warm worker, a one-shot process and a Kubernetes pod.
 */
public final class StepExecutor {
  /** Hidden artifact: the foreach levels around the task ({@link ForeachFrame#encode}). */
  public static final String FOREACH_STACK = "_foreach_stack";

  /** Hidden artifact of a foreach task: the number of items. */
  public static final String NUM_SPLITS = "_foreach_num_splits";

  /**
   * At most this many bytes of each log stream are stored per attempt (Metaflow's default, 10 MB).
   */
  static final long MAX_LOG_BYTES = 10L * 1024 * 1024;

  /** Hidden artifact: the transition the step made, as text. */
  public static final String TRANSITION = "_transition";

  private final FlowModel model;
  private final FlowFields fields;
  private final RunStore store;
  private final String username;
  private final TaskMemo memo;
  private LogCapture capture;

  /** An executor for tasks of {@code model}, whose class is {@code fields.flowClass()}. */
  public StepExecutor(FlowModel model, FlowFields fields, RunStore store, String username) {
    this(model, fields, store, username, TaskMemo.none());
  }

  /** As the other constructor, reusing what {@code memo} kept from earlier tasks of the run. */
  public StepExecutor(
      FlowModel model, FlowFields fields, RunStore store, String username, TaskMemo memo) {
    this.model = model;
    this.fields = fields;
    this.store = store;
    this.username = username;
    this.memo = memo;
  }

  /**
   * Runs the attempt described by {@code spec}.
   *
   * @param handledFailure when present, the step's code is not run: the attempt stands for a
   *     failure the runtime saw (crash, timeout) and hands to {@code @Catch}
   * @return 0 when the attempt succeeded, 1 when it failed
   */
  public int execute(TaskSpec spec, Optional<String> handledFailure) throws IOException {
    StepModel step = model.step(spec.stepName());
    TaskPath path = new TaskPath(model.name(), spec.runId(), step.name(), spec.taskId());
    store.attemptStarted(path, spec);
    try (var logs = LogCapture.start(MAX_LOG_BYTES)) {
      this.capture = logs;
      logs.saveWhileRunning(store.data(path, spec.attempt()));
      try {
        return run(spec, step, path, handledFailure);
      } catch (RuntimeException | IOException | Error e) {
        System.err.println("<flow " + model.name() + " step " + step.name() + "> failed: " + e);
        e.printStackTrace(System.err);
        done(path, spec.attempt(), false, e);
        return 1;
      }
    }
  }

  private void done(TaskPath path, int attempt, boolean ok, Throwable failure) throws IOException {
    capture.save(store.data(path, attempt));
    store.attemptDone(path, attempt, ok, failure);
  }

  private int run(TaskSpec spec, StepModel step, TaskPath path, Optional<String> handledFailure)
      throws IOException {
    ClassLoader loader = fields.flowClass().getClassLoader();
    var tracker = new ArtifactTracker();
    var carried = new TreeMap<String, ArtifactRef>();
    // artifacts the step's code never reads or writes are not loaded: they are passed on by
    // reference
    Optional<FieldUsage.Usage> usage =
        memo.get(
            "field-usage " + fields.flowClass().getName() + "#" + step.name(),
            () -> FieldUsage.of(fields.flowClass(), step.name()));
    var untouched = new TreeMap<String, ArtifactRef>();
    List<InputTask> inputs = new ArrayList<>();
    for (String p : spec.inputPaths()) {
      TaskPath inputPath = TaskPath.parseInputPath(model.name(), p);
      var data = store.successfulData(inputPath);
      inputs.add(new InputTask(inputPath, data, data.index()));
    }
    FlowSpec flow = fields.newInstance();
    List<ForeachFrame> stack = new ArrayList<>();
    JoinInputs<FlowSpec> joinInputs = null;
    if (step.type() == StepType.JOIN || step.isJoin()) {
      joinInputs = new JoinInputs<>(step.name(), inputs, t -> inputFlow(t, loader, usage));
      InputTask first = inputs.get(0);
      for (var p : model.parameters()) {
        first
            .index()
            .find(p.fieldName())
            .ifPresent(ref -> load(flow, p.fieldName(), ref, first, tracker, loader));
      }
      stack.addAll(stackOf(first, loader));
      if (!stack.isEmpty() && closesForeach(step)) {
        stack.remove(stack.size() - 1);
      }
    } else if (!inputs.isEmpty()) {
      InputTask parent = inputs.get(0);
      for (var e : parent.index().artifacts().entrySet()) {
        String name = e.getKey();
        if (name.startsWith("_")) {
          continue;
        }
        if (fields.field(name).isEmpty()) {
          carried.put(name, e.getValue());
        } else if (needs(usage, step, name)) {
          load(flow, name, e.getValue(), parent, tracker, loader);
        } else {
          untouched.put(name, e.getValue());
        }
      }
      stack.addAll(stackOf(parent, loader));
      if (spec.splitIndex().isPresent()) {
        StepModel parentStep = model.step(parent.path().step());
        String field = parentStep.foreachField().orElseThrow();
        int count = (Integer) parent.data().load(NUM_SPLITS, loader);
        stack.add(
            new ForeachFrame(parent.path().inputPath(), field, spec.splitIndex().get(), count));
      }
    } else {
      Map<String, Object> params =
          RunParameters.load(
              store.run(spec.runId()), model.parameters(), fields, store.contentStore(), loader);
      params.forEach((name, value) -> fields.set(flow, name, value));
    }
    ForeachFrame top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
    var current =
        new Current(
            model.name(),
            spec.runId(),
            step.name(),
            spec.taskId(),
            spec.attempt(),
            spec.tags(),
            username,
            "local");
    var binding =
        new LocalTaskBinding(
            current,
            step.name(),
            top == null ? () -> null : () -> foreachItem(top, inputs, flow, loader),
            top == null ? -1 : top.index(),
            joinInputs == null
                ? null
                : (f, in, ex) -> merge(f, (JoinInputs<?>) in, ex, tracker, carried, loader));
    Bindings.bind(flow, binding);
    var extra = new LinkedHashMap<String, Object>();
    Throwable failure = null;
    if (handledFailure.isPresent()) {
      failure = new TaskFailure(handledFailure.get());
    } else {
      failure = StepMethod.invoke(fields.flowClass(), flow, step.name(), joinInputs);
    }
    if (failure != null) {
      Optional<Map<String, Object>> caught = step.mergedDecorator("catch");
      int retries = TaskPolicy.of(step).retries();
      if (caught.isEmpty() || spec.attempt() < retries) {
        System.err.println("<flow " + model.name() + " step " + step.name() + "> failed:");
        TaskFailure.printUserTrace(failure);
        done(path, spec.attempt(), false, failure);
        return 1;
      }
      if (!Boolean.FALSE.equals(caught.get().get("printException"))) {
        System.err.println(
            "<flow " + model.name() + " step " + step.name() + "> failed, caught by @Catch:");
        TaskFailure.printUserTrace(failure);
      }
      String var = String.valueOf(caught.get().getOrDefault("var", ""));
      if (!var.isEmpty()) {
        Object stored = TaskFailure.storable(failure);
        if (fields.field(var).isPresent() && fields.field(var).get().getType().isInstance(stored)) {
          fields.set(flow, var, stored);
          untouched.remove(var);
        } else {
          extra.put(var, stored);
        }
      }
      binding.force(
          new LocalTaskBinding.Transition(
              step.next(),
              step.type() == StepType.FOREACH ? step.foreachField().orElse(null) : null));
    }
    Optional<String> mismatch = FlowGraphsCheck.check(model, step, binding.recorded());
    if (mismatch.isPresent()) {
      System.err.println(mismatch.get());
      done(path, spec.attempt(), false, new TaskFailure(mismatch.get()));
      return 1;
    }
    if (step.type() == StepType.FOREACH) {
      String field = step.foreachField().orElseThrow();
      Object items = fields.get(flow, field);
      int count = ForeachItems.count(items, step.name(), field);
      extra.put(NUM_SPLITS, count);
    }
    extra.put(FOREACH_STACK, ForeachFrame.encode(stack));
    extra.put(TRANSITION, LocalTaskBinding.describe(binding.recorded()));
    save(flow, spec, path, tracker, carried, untouched, usage, extra);
    done(path, spec.attempt(), true, null);
    return 0;
  }

  private boolean closesForeach(StepModel join) {
    // a join closes a foreach when the split it closes is a foreach
    return model.steps().stream()
        .anyMatch(
            s ->
                s.type() == StepType.FOREACH
                    && FlowGraphsCheck.matchingJoin(model, s).equals(join.name()));
  }

  /** Whether the task must load artifact {@code name} before the step runs. */
  private static boolean needs(Optional<FieldUsage.Usage> usage, StepModel step, String name) {
    return usage.isEmpty()
        || usage.get().read().contains(name)
        || step.foreachField().map(name::equals).orElse(false);
  }

  private void save(
      FlowSpec flow,
      TaskSpec spec,
      TaskPath path,
      ArtifactTracker tracker,
      Map<String, ArtifactRef> carried,
      Map<String, ArtifactRef> untouched,
      Optional<FieldUsage.Usage> usage,
      Map<String, Object> extra)
      throws IOException {
    var inherited = new TreeMap<>(carried);
    var values = new LinkedHashMap<String, Object>();
    for (String name : fields.names()) {
      if (untouched.containsKey(name)
          && usage.isPresent()
          && !usage.get().written().contains(name)) {
        inherited.put(name, untouched.get(name));
        continue;
      }
      Object v = fields.get(flow, name);
      if (v == null) {
        inherited.remove(name);
        continue;
      }
      Optional<ArtifactRef> same = tracker.unchanged(name, v);
      if (same.isPresent()) {
        inherited.put(name, same.get());
      } else {
        values.put(name, v);
      }
    }
    values.putAll(extra);
    store.data(path, spec.attempt()).saveArtifacts(ArtifactIndex.of(inherited), values);
  }

  private void load(
      FlowSpec flow,
      String name,
      ArtifactRef ref,
      InputTask from,
      ArtifactTracker tracker,
      ClassLoader loader) {
    try {
      Object value = from.data().contentStore().load(name, ref, loader);
      fields.set(flow, name, value);
      tracker.loaded(name, value, ref);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot load artifact '" + name + "' of task " + from.path() + ": " + e.getMessage(), e);
    }
  }

  private FlowSpec inputFlow(InputTask task, ClassLoader loader, Optional<FieldUsage.Usage> usage) {
    FlowSpec f = fields.newInstance();
    var ignored = new ArtifactTracker();
    for (var e : task.index().artifacts().entrySet()) {
      if (!e.getKey().startsWith("_")
          && fields.field(e.getKey()).isPresent()
          && (usage.isEmpty() || usage.get().read().contains(e.getKey()))) {
        load(f, e.getKey(), e.getValue(), task, ignored, loader);
      }
    }
    return f;
  }

  private List<ForeachFrame> stackOf(InputTask task, ClassLoader loader) throws IOException {
    if (task.index().find(FOREACH_STACK).isEmpty()) {
      return List.of();
    }
    return ForeachFrame.decode((String) task.data().load(FOREACH_STACK, loader));
  }

  private Object foreachItem(
      ForeachFrame top, List<InputTask> inputs, FlowSpec flow, ClassLoader loader) {
    try {
      TaskPath split = TaskPath.parseInputPath(model.name(), top.splitPath());
      var data = store.successfulData(split);
      Object items = data.load(top.field(), loader);
      return ForeachItems.element(items, top.index());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot load the foreach items '" + top.field() + "' of task " + top.splitPath(), e);
    }
  }

  private void merge(
      FlowSpec flow,
      JoinInputs<?> inputs,
      Set<String> excluded,
      ArtifactTracker tracker,
      Map<String, ArtifactRef> carried,
      ClassLoader loader) {
    var names = new java.util.TreeSet<String>();
    inputs.tasks().forEach(t -> names.addAll(t.index().names()));
    var conflicts = new ArrayList<String>();
    for (String name : names) {
      if (name.startsWith("_") || excluded.contains(name)) {
        continue;
      }
      var refs = new java.util.HashSet<String>();
      InputTask holder = null;
      ArtifactRef ref = null;
      for (InputTask t : inputs.tasks()) {
        var r = t.index().find(name);
        if (r.isPresent()) {
          refs.add(r.get().sha());
          if (holder == null) {
            holder = t;
            ref = r.get();
          }
        }
      }
      boolean isField = fields.field(name).isPresent();
      if (refs.size() > 1) {
        if (!isField || fields.get(flow, name) == null) {
          conflicts.add(name);
        }
        continue;
      }
      if (isField) {
        load(flow, name, ref, holder, tracker, loader);
      } else {
        carried.put(name, ref);
      }
    }
    if (!conflicts.isEmpty()) {
      throw new IllegalStateException(
          "mergeArtifacts in join step: artifacts "
              + conflicts
              + " have different values in the inputs."
              + " Exclude them (mergeArtifacts(inputs, \""
              + conflicts.get(0)
              + "\")) or set them in the"
              + " join before calling mergeArtifacts.");
    }
  }
}
