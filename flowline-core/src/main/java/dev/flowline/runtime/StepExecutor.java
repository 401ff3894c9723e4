package dev.flowline.runtime;

import dev.flowline.Current;
import dev.flowline.FlowSpec;
import dev.flowline.GangNode;
import dev.flowline.datastore.IncompatibleArtifactClassException;
import dev.flowline.datastore.TaskPath;
import dev.flowline.graph.FieldUsage;
import dev.flowline.internal.Bindings;
import dev.flowline.internal.FieldAccess;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepDecorators;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        if (isIncompatibleClass(e)) {
          System.err.println(
              "<flow " + model.name() + " step " + step.name() + "> failed: " + e.getMessage());
        } else {
          System.err.println("<flow " + model.name() + " step " + step.name() + "> failed: " + e);
          e.printStackTrace(System.err);
        }
        done(path, spec.attempt(), false, e);
        return 1;
      }
    }
  }

  private static boolean isIncompatibleClass(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof IncompatibleArtifactClassException) {
        return true;
      }
    }
    return false;
  }

  private void done(TaskPath path, int attempt, boolean ok, Throwable failure) throws IOException {
    capture.save(store.data(path, attempt));
    store.attemptDone(path, attempt, ok, failure);
  }

  private int run(TaskSpec spec, StepModel step, TaskPath path, Optional<String> handledFailure)
      throws IOException {
    if (!FieldAccess.isTracked(fields.flowClass())) {
      throw new IllegalStateException(
          "flow class "
              + fields.flowClass().getName()
              + " was not loaded by a TaskClassLoader, so the fields its steps assign cannot be"
              + " known; tasks must load the flow through TaskClassLoader");
    }
    ClassLoader loader = fields.flowClass().getClassLoader();
    // artifacts the step's code never reads are not loaded: they are passed on by reference
    Optional<FieldUsage.Usage> usage =
        memo.get(
            "field-usage " + fields.flowClass().getName() + "#" + step.name(),
            () -> FieldUsage.of(fields.flowClass(), step.name()));
    var artifacts = new TaskArtifacts(fields, usage);
    List<InputTask> inputs = new ArrayList<>();
    for (String p : spec.inputPaths()) {
      TaskPath inputPath = TaskPath.parseInputPath(model.name(), p);
      var data = store.successfulData(inputPath);
      inputs.add(new InputTask(inputPath, data, data.index()));
    }
    FlowSpec flow = fields.newInstance();
    Set<String> parameters = parameterNames();
    List<ForeachFrame> stack = new ArrayList<>();
    JoinInputs<FlowSpec> joinInputs = null;
    if (step.type() == StepType.JOIN || step.isJoin()) {
      joinInputs = new JoinInputs<>(step.name(), inputs, t -> inputFlow(t, step, loader, usage));
      artifacts.startJoin(flow, step.name(), inputs, parameters, loader);
      InputTask first = inputs.get(0);
      stack.addAll(stackOf(first, loader));
      if (!stack.isEmpty() && closesForeach(step)) {
        stack.remove(stack.size() - 1);
      }
    } else if (!inputs.isEmpty()) {
      InputTask parent = inputs.get(0);
      artifacts.takeParent(flow, parent, Set.copyOf(step.foreachField().stream().toList()), loader);
      stack.addAll(stackOf(parent, loader));
      if (spec.splitIndex().isPresent()) {
        StepModel parentStep = model.step(parent.path().step());
        String field = parentStep.foreachField().orElse("");
        int count = (Integer) parent.data().load(NUM_SPLITS, loader);
        stack.add(
            new ForeachFrame(parent.path().inputPath(), field, spec.splitIndex().get(), count));
      }
    } else {
      Map<String, Object> params =
          RunParameters.load(
              store.run(spec.runId()), model.parameters(), fields, store.contentStore(), loader);
      params.forEach((name, value) -> artifacts.parameter(flow, name, value));
    }
    var tracking =
        new FieldTracking(
            step.name(), artifacts.notPassedOn(), name -> fields.wasAssigned(flow, name));
    ForeachFrame top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
    GangNode gangNode = step.isGang() ? GangEnvironment.read(System.getenv(), step.name()) : null;
    if (gangNode != null) {
      awaitControlHost(gangNode, step);
    }
    var current =
        new Current(
            model.name(),
            spec.runId(),
            step.name(),
            spec.taskId(),
            spec.attempt(),
            spec.tags(),
            username,
            executor(),
            gangNode);
    var merge = new ArtifactMerge(step.name(), fields, artifacts, tracking, parameters, loader);
    var binding =
        new LocalTaskBinding(
            current,
            step.name(),
            top == null ? () -> null : () -> foreachItem(top, loader),
            top == null ? -1 : top.index(),
            joinInputs == null
                ? null
                : (f, in, names, include) -> merge.merge(f, (JoinInputs<?>) in, names, include),
            tracking);
    Bindings.bind(flow, binding);
    var extra = new LinkedHashMap<String, Object>();
    Throwable failure;
    if (handledFailure.isPresent()) {
      failure = new TaskFailure(handledFailure.get());
    } else {
      boolean guard = joinInputs != null || !artifacts.notPassedOn().isEmpty();
      try (var reads = guard ? FieldAccess.openReadGuard() : null) {
        failure = StepMethod.invoke(fields.flowClass(), flow, step.name(), joinInputs);
      }
    }
    if (failure != null) {
      Optional<StepDecorators.CatchSpec> caught = step.resolved().catches();
      int retries = TaskPolicy.of(step).retries();
      if (caught.isEmpty() || spec.attempt() < retries) {
        System.err.println("<flow " + model.name() + " step " + step.name() + "> failed:");
        TaskFailure.printUserTrace(failure);
        done(path, spec.attempt(), false, failure);
        return 1;
      }
      if (caught.get().printException()) {
        System.err.println(
            "<flow " + model.name() + " step " + step.name() + "> failed, caught by @Catch:");
        TaskFailure.printUserTrace(failure);
      }
      // as Metaflow persists the flow object after a caught exception: the input's artifacts plus
      // every field assigned before the failure, plus the exception
      Optional<String> var = caught.get().var();
      if (var.isPresent()) {
        Object stored = TaskFailure.storable(failure);
        Optional<java.lang.reflect.Field> field = fields.field(var.get());
        if (field.isPresent() && field.get().getType().isInstance(stored)) {
          fields.set(flow, var.get(), stored);
          fields.markAssigned(flow, var.get());
        } else {
          extra.put(var.get(), stored);
        }
      }
      binding.force(
          new LocalTaskBinding.Transition(
              step.next(),
              step.type() == StepType.FOREACH ? step.foreachField().orElse(null) : null));
    }
    Bindings.bind(flow, null);
    Optional<String> mismatch = FlowGraphsCheck.check(model, step, binding.recorded());
    if (mismatch.isPresent()) {
      System.err.println(mismatch.get());
      done(path, spec.attempt(), false, new TaskFailure(mismatch.get()));
      return 1;
    }
    if (step.startsGang()) {
      extra.put(NUM_SPLITS, step.numParallel());
    } else if (step.type() == StepType.FOREACH) {
      String field = step.foreachField().orElseThrow();
      Object items = fields.get(flow, field);
      int count = ForeachItems.count(items, step.name(), field);
      extra.put(NUM_SPLITS, count);
    }
    extra.put(FOREACH_STACK, ForeachFrame.encode(stack));
    extra.put(TRANSITION, LocalTaskBinding.describe(binding.recorded()));
    var output = artifacts.output(flow, tracking, extra);
    store.data(path, spec.attempt()).saveArtifacts(output.inherited(), output.values());
    done(path, spec.attempt(), true, null);
    return 0;
  }

  private static void awaitControlHost(GangNode node, StepModel step) {
    try {
      ControlHostWait.await(node, System.getenv(), step.name(), ControlHostWait::system);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the control node", e);
    }
  }

  private Set<String> parameterNames() {
    var names = new java.util.HashSet<String>();
    model.parameters().forEach(p -> names.add(p.fieldName()));
    return Set.copyOf(names);
  }

  private boolean closesForeach(StepModel join) {
    // a join closes a foreach when the split it closes is a foreach
    return model.steps().stream()
        .anyMatch(
            s ->
                s.type() == StepType.FOREACH
                    && FlowGraphsCheck.matchingJoin(model, s).equals(join.name()));
  }

  private List<ForeachFrame> stackOf(InputTask task, ClassLoader loader) throws IOException {
    if (task.index().find(FOREACH_STACK).isEmpty()) {
      return List.of();
    }
    return ForeachFrame.decode((String) task.data().load(FOREACH_STACK, loader));
  }

  private FlowSpec inputFlow(
      InputTask task, StepModel join, ClassLoader loader, Optional<FieldUsage.Usage> usage) {
    FlowSpec f = fields.newInstance();
    var view = new TaskArtifacts(fields, usage);
    try {
      view.takeParent(f, task, Set.of(), loader);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot read the artifacts of input " + task.path() + ": " + e.getMessage(), e);
    }
    Bindings.bind(
        f,
        new InputFlowBinding(
            join.name(), new FieldTracking(task.path().step(), view.notPassedOn(), name -> false)));
    return f;
  }

  private Object foreachItem(ForeachFrame top, ClassLoader loader) {
    if (top.field().isEmpty()) {
      return top.index(); // a gang node: its item is its node index
    }
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

  /**
   * Where this task runs, for {@code current().executor()}: {@code kubernetes} in a pod (whose
   * environment says {@code METAFLOW_RUNTIME_ENVIRONMENT=kubernetes}, as Metaflow's does), else
   * {@code local}.
   */
  static String executor() {
    return "kubernetes".equals(System.getenv("METAFLOW_RUNTIME_ENVIRONMENT"))
        ? "kubernetes"
        : "local";
  }
}
