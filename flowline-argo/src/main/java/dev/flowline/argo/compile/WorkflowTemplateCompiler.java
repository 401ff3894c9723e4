package dev.flowline.argo.compile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.argo.pending.PendingVerdict;
import dev.flowline.kubernetes.KubernetesStepSettings;
import dev.flowline.kubernetes.render.CodePackageFeature;
import dev.flowline.kubernetes.render.JobRenderer;
import dev.flowline.kubernetes.render.LabelValues;
import dev.flowline.kubernetes.render.PodFeature;
import dev.flowline.kubernetes.render.StepContext;
import dev.flowline.kubernetes.render.StepPod;
import dev.flowline.kubernetes.render.TaskIdentity;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import dev.flowline.runtime.TaskSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles a flow into an Argo {@code WorkflowTemplate}: one DAG per scope (the flow, and the body
 * of each foreach), one container template per step built by the same pod features as a Job ({@link
 * JobRenderer#template}, plus {@link ArgoTaskFeature}) with the task identity as Argo expressions
 * ({@link TaskIdentity#argo()}), and an exit hook that records a failed run.
 *
 * <p><b>Task ids</b> are a pure function of where a task stands: {@value #ROOT_TASK_ID} outside any
 * foreach, and {@code <id of the foreach task>-<item index>} inside one ({@code t-3}, {@code
 * t-3-0}). So every task's input paths are Argo expressions over the workflow name (the run id) and
 * the DAG's inputs, and a foreach join names its inputs from the foreach's width alone: no task has
 * to publish its id, and a join of any width takes one short argument.
 *
 * <p>Each pod runs {@code FLOW argo-workflows task STEP ...} (see {@code cli.TaskCommand}), which
 * runs the same {@code step} command as every other back end, and around it registers the run
 * (start), publishes a foreach's items for Argo's {@code withParam} and records the run's end.
 */
public final class WorkflowTemplateCompiler {
  /** The task id of every task outside a foreach. */
  public static final String ROOT_TASK_ID = "t";

  /** The entry DAG template. */
  public static final String ENTRY = "flow-dag";

  /** The exit-hook template. */
  public static final String EXIT_HOOK = "exit-hook";

  /**
   * The template and DAG task of the run's pending watchdog (see {@code pending.PendingWatchdog}).
   */
  public static final String PENDING_WATCHDOG = "pending-watchdog";

  /** The watchdog pod's CPU request, in thousandths of a CPU. */
  static final long WATCHDOG_CPU_MILLIS = 100;

  /** The watchdog pod's memory, MiB (a JVM following one namespace's pods of one run). */
  static final long WATCHDOG_MEMORY_MB = 384;

  /** The workflow parameter that holds the code fetcher once for all templates. */
  public static final String BOOTSTRAP_PARAMETER = "flowline-bootstrap";

  /**
   * The environment variable that tells a {@code @Catch} step's attempts how the attempt before
   * ended (Argo's {@code lastRetry} variables); its fallback attempt records it for {@code @Catch}.
   */
  public static final String LAST_ATTEMPT_VARIABLE = "FLOWLINE_LAST_ATTEMPT";

  /**
   * The environment variable with a step's time limit in seconds ({@code @Timeout}, else the
   * default runtime limit), which the task enforces itself from the start of its JVM.
   */
  public static final String TIME_LIMIT_VARIABLE = "FLOWLINE_TIME_LIMIT";

  /** The largest WorkflowTemplate created, in bytes of JSON. */
  public static final int MAX_TEMPLATE_BYTES = 1_000_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WORKFLOW = "{{workflow.name}}";
  private static final int PARALLELISM = 100;
  private static final String PREFIX = "{{inputs.parameters.task-prefix}}";
  private static final String SPLIT = "{{inputs.parameters.split-index}}";

  private final FlowModel flow;
  private final Map<String, KubernetesStepSettings> settings;
  private final DeploymentSpec deployment;
  private final JobRenderer renderer;
  private final GangTemplates gangs;

  /**
   * For {@code flow} (with the deployment's {@code --with} applied), the resolved Kubernetes
   * settings of every step, and the deployment.
   */
  public WorkflowTemplateCompiler(
      FlowModel flow, Map<String, KubernetesStepSettings> settings, DeploymentSpec deployment) {
    this.flow = flow;
    this.settings = Map.copyOf(settings);
    this.deployment = deployment;
    List<PodFeature> features = new ArrayList<>(JobRenderer.FEATURES);
    features.add(new ArgoTaskFeature(deployment.parameters()));
    this.renderer = new JobRenderer(features);
    this.gangs = new GangTemplates(deployment, this::gangCommand);
  }

  /**
   * The WorkflowTemplate.
   *
   * @throws ArgoCompileException listing every name problem
   */
  public ObjectNode compile() {
    check();
    ObjectNode wt = JSON.createObjectNode();
    wt.put("apiVersion", "argoproj.io/v1alpha1");
    wt.put("kind", "WorkflowTemplate");
    ObjectNode meta = wt.putObject("metadata");
    meta.put("name", deployment.name());
    meta.put("namespace", deployment.namespace());
    meta.set("labels", JSON.valueToTree(labels("flowline-flow")));
    meta.set("annotations", JSON.valueToTree(annotations()));
    ObjectNode spec = wt.putObject("spec");
    spec.put("entrypoint", ENTRY);
    // At most this many of a run's pods at once, as Metaflow's default --max-workers.
    spec.put("parallelism", PARALLELISM);
    if (!deployment.parameters().isEmpty()) {
      ArrayNode params = spec.putObject("arguments").putArray("parameters");
      for (WorkflowParameter p : deployment.parameters()) {
        ObjectNode n = params.addObject().put("name", p.name());
        if (!p.required()) {
          n.put("value", p.defaultValue().orElse(""));
        }
        if (!p.help().isEmpty()) {
          n.put("description", p.help());
        }
      }
    }
    ObjectNode wm = spec.putObject("workflowMetadata");
    wm.set("labels", JSON.valueToTree(labels("flowline-run")));
    spec.put("onExit", EXIT_HOOK);
    ArrayNode templates = spec.putArray("templates");
    templates.add(dag(ENTRY, Optional.empty()));
    for (StepModel s : flow.steps()) {
      if (isForeach(s)) {
        templates.add(dag(foreachTemplate(s), Optional.of(s)));
      }
    }
    for (StepModel s : flow.steps()) {
      templates.add(s.isGang() ? gangs.template(s, launcher(s)) : stepTemplate(s));
    }
    templates.add(exitHook());
    templates.add(pendingWatchdog());
    hoistBootstrap(spec);
    checkSize(wt);
    return wt;
  }

  /**
   * The code fetcher (about 10 KB of base64) is the same in every container template: it is kept
   * once, as the workflow parameter {@value #BOOTSTRAP_PARAMETER}, and each template's {@code
   * FLOWLINE_BOOTSTRAP} refers to it, so a template grows by about 4 KB per step instead of 15.
   */
  private static void hoistBootstrap(ObjectNode spec) {
    String value = null;
    for (var t : spec.path("templates")) {
      for (var e : t.at("/container/env")) {
        if (e.path("name").asText().equals(CodePackageFeature.BOOTSTRAP_VARIABLE)
            && e.has("value")) {
          value = e.path("value").asText();
          ((ObjectNode) e).put("value", "{{workflow.parameters." + BOOTSTRAP_PARAMETER + "}}");
        }
      }
    }
    if (value != null) {
      ObjectNode args =
          spec.has("arguments") ? (ObjectNode) spec.get("arguments") : spec.putObject("arguments");
      ArrayNode params =
          args.has("parameters") ? (ArrayNode) args.get("parameters") : args.putArray("parameters");
      params
          .addObject()
          .put("name", BOOTSTRAP_PARAMETER)
          .put("value", value)
          .put("description", "Internal: the code fetcher the pods run (a base64 jar).");
      // keep arguments before the templates in the printed object
      var templates = spec.remove("templates");
      spec.set("templates", templates);
    }
  }

  /**
   * Refuses a template bigger than {@value #MAX_TEMPLATE_BYTES} bytes: the API server stores
   * objects of at most 1.5 MiB, and every run's Workflow carries a copy of the template besides the
   * status of its tasks.
   */
  private void checkSize(ObjectNode wt) {
    int size = wt.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (size > MAX_TEMPLATE_BYTES) {
      throw new ArgoCompileException(
          List.of(
              "WorkflowTemplate "
                  + deployment.name()
                  + ": "
                  + size
                  + " bytes, more than "
                  + MAX_TEMPLATE_BYTES
                  + " (the API server stores at most 1.5 MiB per object, and each run's Workflow"
                  + " holds a copy of the template and the status of its "
                  + flow.steps().size()
                  + " steps' tasks). Make the flow smaller (fewer steps, shorter @Environment"
                  + " values or METAFLOW_KUBERNETES_SANDBOX_INIT_SCRIPT), or split it into flows"
                  + " chained with @TriggerOnFinish."));
    }
  }

  private void check() {
    List<String> problems = new ArrayList<>();
    problems.addAll(ArgoNames.checkDeployment(deployment.name(), "deployment name"));
    Map<String, String> names = new LinkedHashMap<>();
    names.put("(the flow's DAG)", ENTRY);
    names.put("(the exit hook)", EXIT_HOOK);
    names.put("(the pending watchdog)", PENDING_WATCHDOG);
    for (StepModel s : flow.steps()) {
      names.put(s.name(), ArgoNames.stepTemplate(s.name()));
      if (isForeach(s)) {
        names.put(s.name() + " (its foreach body)", foreachTemplate(s));
      }
    }
    problems.addAll(ArgoNames.checkTemplates(names));
    problems.addAll(ArgoNames.checkParameters(deployment.parameters()));
    if (!problems.isEmpty()) {
      throw new ArgoCompileException(problems);
    }
  }

  private Map<String, String> labels(String kind) {
    Map<String, String> l = new LinkedHashMap<>();
    l.put("app.kubernetes.io/name", kind);
    l.put("app.kubernetes.io/part-of", "flowline");
    l.put("app.kubernetes.io/managed-by", "flowline");
    l.put("flowline.dev/flow", LabelValues.safe(flow.name()));
    return l;
  }

  private Map<String, String> annotations() {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("flowline.dev/flow", flow.name());
    a.put("flowline.dev/flow-class", deployment.flowClass());
    a.put("flowline.dev/owner", deployment.owner());
    a.putAll(deployment.annotations());
    return a;
  }

  // ------------------------------------------------------------------------------------ scopes

  /**
   * The innermost foreach around {@code step}, empty at the top level. A step that starts a gang is
   * a foreach in the graph, but not a scope: its gang is one task of the launcher's DAG.
   */
  private Optional<String> scope(String step) {
    var parents =
        flow.foreachParents(step).stream().filter(p -> !flow.step(p).startsGang()).toList();
    return parents.isEmpty() ? Optional.empty() : Optional.of(parents.get(parents.size() - 1));
  }

  /** Whether {@code step} fans out over a foreach (not a gang: see {@link GangTemplates}). */
  private static boolean isForeach(StepModel step) {
    return step.type() == StepType.FOREACH && !step.startsGang();
  }

  /** The step that starts the gang of {@code gang} ({@code next(this::gang, parallel(n))}). */
  private StepModel launcher(StepModel gang) {
    return flow.step(gang.inputs().get(0));
  }

  /** The task id of the tasks of a scope, as an expression inside that scope's DAG. */
  private static String idIn(Optional<String> scope) {
    return scope.isEmpty() ? ROOT_TASK_ID : PREFIX + "-" + SPLIT;
  }

  private static String foreachTemplate(StepModel foreach) {
    return ArgoNames.stepTemplate(foreach.name()) + "-foreach";
  }

  /** Whether {@code step} is the first step of a foreach body (its input is the foreach). */
  private boolean firstInBody(StepModel step) {
    return step.type() != StepType.JOIN
        && step.inputs().size() == 1
        && isForeach(flow.step(step.inputs().get(0)));
  }

  /** The foreach that {@code step} joins, when it is a foreach join. */
  private Optional<StepModel> joinedForeach(StepModel step) {
    if (step.type() != StepType.JOIN) {
      return Optional.empty();
    }
    return flow.steps().stream()
        .filter(s -> s.type() == StepType.FOREACH)
        .filter(s -> s.matchingJoin().map(step.name()::equals).orElse(false))
        .findFirst();
  }

  private ObjectNode dag(String name, Optional<StepModel> foreach) {
    Optional<String> scope = foreach.map(StepModel::name);
    ObjectNode t = JSON.createObjectNode();
    t.put("name", name);
    if (foreach.isPresent()) {
      ArrayNode in = t.putObject("inputs").putArray("parameters");
      in.addObject().put("name", "task-prefix");
      in.addObject().put("name", "split-index");
    }
    ObjectNode dag = t.putObject("dag");
    dag.put("failFast", true);
    ArrayNode tasks = dag.putArray("tasks");
    for (StepModel s : flow.steps()) {
      if (!scope(s.name()).equals(scope)) {
        continue;
      }
      tasks.add(stepTask(s, scope));
      if (isForeach(s)) {
        tasks.add(jumpTask(s, scope));
      }
    }
    if (foreach.isEmpty()) {
      // runs beside the steps from the start; Argo stops it when the DAG ends, and its failure
      // (it cannot start, say) does not fail the run
      ObjectNode watchdog = tasks.addObject();
      watchdog.put("name", PENDING_WATCHDOG);
      watchdog.put("template", PENDING_WATCHDOG);
      watchdog.putObject("continueOn").put("failed", true).put("error", true);
    }
    return t;
  }

  private ObjectNode stepTask(StepModel s, Optional<String> scope) {
    String id = idIn(scope);
    ObjectNode task = JSON.createObjectNode();
    String name = ArgoNames.stepTemplate(s.name());
    task.put("name", name);
    task.put("template", name);
    List<String> deps = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (String p : s.inputs()) {
      Optional<String> ps = scope(p);
      if (ps.equals(scope)) {
        deps.add(ArgoNames.stepTemplate(p));
        paths.add(WORKFLOW + "/" + p + "/" + id);
      } else if (firstInBody(s)) {
        paths.add(WORKFLOW + "/" + p + "/" + PREFIX);
      } else {
        // a foreach join: p ends the body; its tasks are <id>-0 ... <id>-(width-1)
        deps.add(foreachTemplate(joinedForeach(s).orElseThrow()));
        paths.add(WORKFLOW + "/" + p + "/" + id);
      }
    }
    if (!deps.isEmpty()) {
      ArrayNode d = task.putArray("dependencies");
      deps.forEach(d::add);
    }
    ArrayNode args = task.putObject("arguments").putArray("parameters");
    args.addObject().put("name", "task-id").put("value", id);
    if (!paths.isEmpty()) {
      args.addObject().put("name", "input-paths").put("value", String.join(",", paths));
    }
    if (firstInBody(s)) {
      args.addObject().put("name", "split-index").put("value", SPLIT);
    }
    if (s.isGang()) {
      args.addObject()
          .put("name", GangTemplates.NAME_PARAMETER)
          .put(
              "value",
              "{{tasks."
                  + ArgoNames.stepTemplate(launcher(s).name())
                  + ".outputs.parameters."
                  + GangTemplates.NAME_PARAMETER
                  + "}}");
    }
    joinedForeach(s)
        .ifPresent(
            f ->
                args.addObject()
                    .put("name", "splits")
                    .put(
                        "value",
                        f.startsGang()
                            // a gang's nodes are <id>-0 ... <id>-(n-1), n fixed by the graph
                            ? Integer.toString(f.numParallel())
                            : "{{tasks."
                                + ArgoNames.stepTemplate(f.name())
                                + ".outputs.parameters.width}}"));
    return task;
  }

  private ObjectNode jumpTask(StepModel foreach, Optional<String> scope) {
    ObjectNode task = JSON.createObjectNode();
    String step = ArgoNames.stepTemplate(foreach.name());
    task.put("name", foreachTemplate(foreach));
    task.put("template", foreachTemplate(foreach));
    task.putArray("dependencies").add(step);
    task.put("withParam", "{{tasks." + step + ".outputs.parameters.splits}}");
    ArrayNode args = task.putObject("arguments").putArray("parameters");
    args.addObject().put("name", "task-prefix").put("value", idIn(scope));
    args.addObject().put("name", "split-index").put("value", "{{item}}");
    return task;
  }

  // ------------------------------------------------------------------------- step templates

  private ObjectNode stepTemplate(StepModel s) {
    boolean hasInputs = !s.inputs().isEmpty();
    boolean split = firstInBody(s);
    List<String> extra = new ArrayList<>();
    if (joinedForeach(s).isPresent()) {
      extra.addAll(List.of("--splits", "{{inputs.parameters.splits}}"));
    }
    if (s.type() == StepType.FOREACH) { // a foreach's items, or the name of a gang
      extra.addAll(List.of("--outputs", ArgoTaskFeature.OUTPUTS));
    }
    int retryTimes = s.resolved().retry().map(r -> r.times()).orElse(0);
    boolean catches = s.resolved().catches().isPresent();
    // @Catch: one attempt more than @Retry's, run when the last one ended without recording its
    // end (crash, OOM kill, time limit): the task records the failure for @Catch (TaskCommand)
    int limit = retryTimes + (catches ? 1 : 0);
    StepPod pod = pod(s.name(), shape(s.name(), hasInputs, split), extra, limit > 0);
    ObjectNode t = ContainerTemplates.of(ArgoNames.stepTemplate(s.name()), pod);
    long pendingSeconds = settings.get(s.name()).recovery().pendingTimeoutSeconds();
    if (t.has("activeDeadlineSeconds")) {
      pendingTimeout(t, pendingSeconds);
    }
    ContainerTemplates.annotations(t)
        .put(PendingVerdict.TIMEOUT_ANNOTATION, Long.toString(pendingSeconds));
    if (catches) {
      ((ArrayNode) t.at("/container/env"))
          .addObject()
          .put("name", LAST_ATTEMPT_VARIABLE)
          .put(
              "value",
              "{{lastRetry.status}}: {{lastRetry.message}} (exit code {{lastRetry.exitCode}})");
    }
    ObjectNode inputs = JSON.createObjectNode();
    ArrayNode in = inputs.putArray("parameters");
    in.addObject().put("name", "task-id");
    if (hasInputs) {
      in.addObject().put("name", "input-paths");
    }
    if (split) {
      in.addObject().put("name", "split-index");
    }
    if (joinedForeach(s).isPresent()) {
      in.addObject().put("name", "splits");
    }
    t.set("inputs", inputs);
    if (s.startsGang()) {
      t.putObject("outputs")
          .putArray("parameters")
          .addObject()
          .put("name", GangTemplates.NAME_PARAMETER)
          .putObject("valueFrom")
          .put("path", ArgoTaskFeature.OUTPUTS + "/" + GangTemplates.NAME_PARAMETER);
    } else if (s.type() == StepType.FOREACH) {
      ArrayNode out = t.putObject("outputs").putArray("parameters");
      out.addObject()
          .put("name", "splits")
          .putObject("valueFrom")
          .put("path", ArgoTaskFeature.OUTPUTS + "/splits");
      out.addObject()
          .put("name", "width")
          .putObject("valueFrom")
          .put("path", ArgoTaskFeature.OUTPUTS + "/width");
    }
    if (limit > 0) {
      ObjectNode rs = t.putObject("retryStrategy");
      rs.put("limit", Integer.toString(limit)); // IntOrString, a string in Argo's schema
      rs.put("retryPolicy", "Always");
      s.resolved()
          .retry()
          .filter(r -> r.times() > 0)
          .ifPresent(
              r -> rs.putObject("backoff").put("duration", r.betweenRetries().toSeconds() + "s"));
    }
    return reorder(t);
  }

  /**
   * {@code @Retry} as Argo's {@code retryStrategy}: {@code limit} = times, {@code retryPolicy:
   * Always}, {@code backoff.duration} = {@code minutesBetweenRetries}; empty without retries.
   */
  static Optional<ObjectNode> retryStrategy(StepModel s) {
    return s.resolved()
        .retry()
        .filter(r -> r.times() > 0)
        .map(
            r -> {
              ObjectNode rs = JSON.createObjectNode();
              rs.put(
                  "limit", Integer.toString(r.times())); // IntOrString, a string in Argo's schema
              rs.put("retryPolicy", "Always");
              rs.putObject("backoff").put("duration", r.betweenRetries().toSeconds() + "s");
              return rs;
            });
  }

  /**
   * What a gang's nodes run: the pod template context of {@code gang}'s {@code argo-workflows task}
   * command, with input paths and a split index (the node index).
   */
  private StepContext gangCommand(StepModel gang) {
    var s = settings.get(gang.name());
    return new StepContext(
        s,
        taskCommand(gang.name(), shape(gang.name(), true, true), List.of()),
        Optional.of(deployment.owner()),
        deployment.codeUrl());
  }

  /**
   * The pending timeout: Argo's template {@code timeout} bounds an attempt's pod from its node's
   * start, Pending and Running together (the controller fails a node still Pending at that time
   * with the message {@code timeout}, and sets the pod's {@code activeDeadlineSeconds} to the time
   * left), so it is {@code pendingTimeout} + the step's time limit; the time limit itself is kept
   * by the task ({@value #TIME_LIMIT_VARIABLE}, see {@code TaskCommand}), since Argo replaces the
   * template's {@code activeDeadlineSeconds} by the time left to {@code timeout}.
   */
  private static void pendingTimeout(ObjectNode t, long pendingSeconds) {
    long limit = Long.parseLong(t.get("activeDeadlineSeconds").asText());
    t.put("timeout", (pendingSeconds + limit) + "s");
    ((ArrayNode) t.at("/container/env"))
        .addObject()
        .put("name", TIME_LIMIT_VARIABLE)
        .put("value", Long.toString(limit));
  }

  /** The task of step {@code step} as the {@code step} command sees it (values become slots). */
  private TaskSpec shape(String step, boolean hasInputs, boolean split) {
    return new TaskSpec(
            deployment.flowClass(),
            "R",
            step,
            "T",
            0,
            hasInputs ? List.of("R/x/T") : List.of(),
            split ? Optional.of(0) : Optional.empty(),
            List.of())
        .withRunOptions(deployment.with(), Optional.empty(), Optional.empty());
  }

  /**
   * The pod of {@code step} running {@code FLOW argo-workflows task STEP ...}: the {@code step}
   * command of {@code task} with the Argo task wrapper in front and {@code extra} options after.
   */
  private StepPod pod(String step, TaskSpec task, List<String> extra, boolean retries) {
    return pod(settings.get(step), taskCommand(step, task, extra), retries);
  }

  /** {@code FLOW argo-workflows task STEP ...}: the {@code step} command of {@code task}. */
  private List<String> taskCommand(String step, TaskSpec task, List<String> extra) {
    var s = settings.get(step);
    var user = Optional.of(deployment.owner());
    List<String> command = new ArrayList<>(StepContext.of(s, task, user).command());
    command.remove(1); // "step"
    command.addAll(1, List.of("argo-workflows", "task"));
    command.addAll(extra);
    return command;
  }

  /**
   * The pod of {@code command} with the task identity as Argo expressions. Argo substitutes {@code
   * {{retries}}} only in a template with a {@code retryStrategy}; without one every task has one
   * attempt, 0.
   */
  private StepPod pod(KubernetesStepSettings s, List<String> command, boolean retries) {
    var ctx = new StepContext(s, command, Optional.of(deployment.owner()), deployment.codeUrl());
    TaskIdentity argo = TaskIdentity.argo();
    if (!retries) {
      argo =
          new TaskIdentity(
              argo.runId(), argo.taskId(), "0", argo.inputPaths(), argo.splitIndex(), false);
    }
    return argo.applyTo(renderer.template(ctx));
  }

  private ObjectNode exitHook() {
    var end = settings.get(FlowModel.END);
    List<String> command =
        List.of(
            deployment.flowClass(),
            "argo-workflows",
            "record-end",
            "--run-id",
            TaskIdentity.RUN_ID,
            "--status",
            "{{workflow.status}}");
    ObjectNode t = ContainerTemplates.of(EXIT_HOOK, pod(end, command, false));
    ArrayNode in = t.putObject("inputs").putArray("parameters");
    in.addObject().put("name", "task-id").put("value", EXIT_HOOK);
    return reorder(t);
  }

  /**
   * The pending watchdog, a daemon task beside the steps ({@code FLOW argo-workflows watch-pending
   * --workflow NAME}): a small pod with the end step's image, secrets, service account and
   * scheduling (as the exit hook), without a time limit, since it lasts as long as the run's DAG,
   * which stops it.
   */
  private ObjectNode pendingWatchdog() {
    var s = settings.get(FlowModel.END).forHelperPod(WATCHDOG_CPU_MILLIS, WATCHDOG_MEMORY_MB);
    List<String> command =
        List.of(
            deployment.flowClass(),
            "argo-workflows",
            "watch-pending",
            "--workflow",
            WORKFLOW,
            "--namespace",
            "{{workflow.namespace}}");
    ObjectNode t = ContainerTemplates.of(PENDING_WATCHDOG, pod(s, command, false));
    t.remove("activeDeadlineSeconds");
    t.put("daemon", true);
    ArrayNode in = t.putObject("inputs").putArray("parameters");
    in.addObject().put("name", "task-id").put("value", PENDING_WATCHDOG);
    return reorder(t);
  }

  /** {@code name}, {@code inputs}, {@code outputs} first, then the rest (readable output). */
  private static ObjectNode reorder(ObjectNode t) {
    ObjectNode out = JSON.createObjectNode();
    for (String k : List.of("name", "inputs", "outputs", "retryStrategy", "metadata")) {
      if (t.has(k)) {
        out.set(k, t.get(k));
      }
    }
    t.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
    return out;
  }
}
