package dev.flowline.argo.cli;

import dev.flowline.Flowline;
import dev.flowline.argo.compile.GangTemplates;
import dev.flowline.argo.compile.WorkflowTemplateCompiler;
import dev.flowline.argo.events.ArgoEvent;
import dev.flowline.cli.DatastoreSelection;
import dev.flowline.config.UserName;
import dev.flowline.datastore.TaskPath;
import dev.flowline.metadata.NewRun;
import dev.flowline.metadata.RunStatus;
import dev.flowline.model.DecoratorRegistry;
import dev.flowline.model.FlowModel;
import dev.flowline.model.ParameterModel;
import dev.flowline.model.StepType;
import dev.flowline.runtime.ParameterBinder;
import dev.flowline.runtime.RunStore;
import dev.flowline.runtime.StepExecutor;
import dev.flowline.runtime.TaskPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The internal {@code argo-workflows task} command, what a deployed step's pod runs: the same
 * {@code step} command as every other back end (in this JVM), and around it what Argo, being the
 * scheduler, cannot do: the start task registers the run (its id is the workflow's name) with the
 * parameters the workflow got ({@code METAFLOW_RUN_<NAME>}, empty meaning the flow's default); a
 * foreach join's (or a gang join's) input paths are expanded from its width ({@code --splits}); a
 * foreach task writes its items ({@code [0, ..., n-1]}) and their number to {@code --outputs} for
 * Argo's {@code withParam}, and a task that starts a gang the name of the gang's JobSet; the end
 * task records the run as completed.
 */
@Command(
    name = "task",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Internal: run one task of a deployed flow (what the Argo pods run).")
public final class TaskCommand implements Callable<Integer> {
  /** The exit code of a task stopped at its time limit (as {@code timeout(1)}'s). */
  static final int TIMED_OUT = 124;

  /** The system tag of runs started by Argo Workflows. */
  public static final String RUNTIME_TAG = "runtime:argo-workflows";

  @ParentCommand ArgoWorkflowsCommand parent;

  @Parameters(index = "0", paramLabel = "STEP")
  String step;

  @Option(names = "--run-id", required = true)
  String runId;

  @Option(names = "--task-id", required = true)
  String taskId;

  @Option(names = "--attempt", defaultValue = "0")
  int attempt;

  @Option(names = "--input-paths")
  String inputPaths;

  @Option(names = "--split-index")
  Integer splitIndex;

  @Option(
      names = "--splits",
      description = "A foreach join: the foreach's width; each input path gets -0 ... -(n-1).")
  Integer splits;

  @Option(
      names = "--outputs",
      description = "Where a foreach task writes its items (a gang's launcher: its name) for Argo.")
  Path outputs;

  @Option(names = "--tag")
  List<String> tags = new ArrayList<>();

  @Option(names = "--with")
  List<String> with = new ArrayList<>();

  @Mixin DatastoreSelection datastoreSelection = new DatastoreSelection();

  @Override
  public Integer call() throws IOException {
    var ctx = parent.context();
    FlowModel flow = ctx.flow();
    var stepModel = flow.step(step);
    String limit = ctx.config().env().get(WorkflowTemplateCompiler.TIME_LIMIT_VARIABLE);
    if (limit != null && !limit.isBlank()) {
      enforceTimeLimit(flow, Long.parseLong(limit.strip()));
    }
    if (step.equals(FlowModel.START)) {
      registerRun(flow);
    }
    List<String> args = new ArrayList<>(List.of(flow.className(), "step", step));
    args.addAll(List.of("--run-id", runId, "--task-id", taskId, "--attempt", "" + attempt));
    String paths = expand(inputPaths, splits);
    if (paths != null && !paths.isEmpty()) {
      args.addAll(List.of("--input-paths", paths));
    }
    if (splitIndex != null) {
      args.addAll(List.of("--split-index", splitIndex.toString()));
    }
    fallback(flow).ifPresent(why -> args.addAll(List.of("--handled-failure", why)));
    tags.forEach(t -> args.addAll(List.of("--tag", t)));
    with.forEach(w -> args.addAll(List.of("--with", w)));
    datastoreSelection.kind().ifPresent(k -> args.addAll(List.of("--datastore", k)));
    datastoreSelection.root().ifPresent(r -> args.addAll(List.of("--datastore-root", r)));
    ctx.out().flush();
    ctx.err().flush();
    int rc =
        Flowline.execute(
            args,
            ctx.config().env(),
            ctx.config().workDir(),
            ctx.flowClass().getClassLoader(),
            System.out,
            System.err);
    if (rc != 0) {
      return rc;
    }
    if (stepModel.startsGang() && outputs != null) {
      writeGangName(flow, stepModel.next().get(0));
    } else if (stepModel.type() == StepType.FOREACH && outputs != null) {
      writeItems(flow);
    }
    if (step.equals(FlowModel.END)) {
      try (var store = store(flow)) {
        store.metadata().finishRun(flow.name(), runId, RunStatus.COMPLETED);
      }
      publishEnd(flow);
    }
    return 0;
  }

  /**
   * Publishes {@code metaflow.<Flow>.end} when {@code METAFLOW_ARGO_EVENTS_WEBHOOK_URL} is set, so
   * that {@code @TriggerOnFinish} flows start; a failure is reported, the run stays successful.
   */
  private void publishEnd(FlowModel flow) {
    var url =
        Deployments.settings(parent.context().config())
            .find(dev.flowline.kubernetes.config.ArgoOptions.EVENTS_WEBHOOK_URL);
    if (url.isEmpty()) {
      return;
    }
    try {
      String id =
          ArgoEvent.named("metaflow." + flow.name() + ".end")
              .with("id", flow.name() + "/" + runId + "/" + step + "/" + taskId)
              .with("pathspec", flow.name() + "/" + runId + "/" + step + "/" + taskId)
              .with("flow_name", flow.name())
              .with("run_id", runId)
              .with("step_name", step)
              .with("task_id", taskId)
              .with("auto-generated-by-metaflow", "True")
              .publish(java.net.URI.create(url.get()), 3);
      System.err.println("Event metaflow." + flow.name() + ".end published (id " + id + ").");
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("warning: the run's end event was not published: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * For a {@code @Catch} step, the attempt after its last {@code @Retry} attempt: Argo runs it when
   * that attempt ended without recording its end (its pod crashed, was OOM-killed or passed its
   * time limit; a failure of the step's code is caught inside the attempt), and, as the local
   * runtime's fallback attempt, it runs no user code: the step command records the failure for
   * {@code @Catch} ({@code --handled-failure}) and the run goes on.
   */
  private java.util.Optional<String> fallback(FlowModel flow) {
    var resolved =
        flow.withDecorators(
                with, DecoratorRegistry.load(parent.context().flowClass().getClassLoader()))
            .step(step);
    TaskPolicy policy = TaskPolicy.of(resolved);
    if (!policy.catches() || attempt <= policy.retries()) {
      return java.util.Optional.empty();
    }
    String last =
        parent.context().config().env().get(WorkflowTemplateCompiler.LAST_ATTEMPT_VARIABLE);
    return java.util.Optional.of(
        "task attempt "
            + (attempt - 1)
            + " ended without recording its end"
            + (last == null || last.isBlank() ? "" : " (Argo: " + last.strip() + ")"));
  }

  /**
   * Stops the task (exit code {@value #TIMED_OUT}) when it has run {@code seconds} since its JVM
   * started: the step's time limit. Kubernetes' {@code activeDeadlineSeconds} cannot keep it on
   * Argo: the controller replaces it by the time left to the template's {@code timeout} (the
   * pending timeout plus this limit). A {@code @Catch} step's next attempt records the timeout.
   */
  private void enforceTimeLimit(FlowModel flow, long seconds) {
    long deadline =
        java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() + seconds * 1000;
    Thread watchdog =
        new Thread(
            () -> {
              try {
                long left;
                while ((left = deadline - System.currentTimeMillis()) > 0) {
                  Thread.sleep(left);
                }
              } catch (InterruptedException e) {
                return;
              }
              System.out.flush();
              System.err.println(
                  "<flow "
                      + flow.name()
                      + " step "
                      + step
                      + "> timed out: it ran longer than its time limit of "
                      + seconds
                      + " s (@Timeout, else METAFLOW_DEFAULT_RUNTIME_LIMIT); the task is stopped.");
              System.err.flush();
              Runtime.getRuntime().halt(TIMED_OUT);
            },
            "flowline-time-limit");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** {@code paths} as given, or each with {@code -0 ... -(splits-1)} for a foreach join. */
  static String expand(String paths, Integer splits) {
    if (paths == null || splits == null) {
      return paths;
    }
    List<String> out = new ArrayList<>();
    for (String p : paths.split(",")) {
      for (int i = 0; i < splits; i++) {
        out.add(p + "-" + i);
      }
    }
    return String.join(",", out);
  }

  private RunStore store(FlowModel flow) throws IOException {
    return RunStore.open(
        datastoreSelection.kind().orElse(null), parent.context().config(), flow.name());
  }

  private void registerRun(FlowModel flow) throws IOException {
    var env = parent.context().config().env();
    Map<String, String> given = new LinkedHashMap<>();
    for (ParameterModel p : flow.parameters()) {
      String value = ParameterBinder.fromEnvironment(env, p.name());
      if (value != null) {
        given.put(p.name(), value);
      }
    }
    try (var store = store(flow)) {
      if (store.metadata().run(flow.name(), runId).isPresent()) {
        return; // a retry of the start task
      }
      store
          .metadata()
          .startRun(
              new NewRun(
                  flow.name(),
                  runId,
                  UserName.of(parent.context().config()),
                  tags,
                  List.of(RUNTIME_TAG),
                  given));
    }
  }

  /**
   * Writes the name of the JobSet of the gang this task starts (without its attempt), Argo's output
   * parameter {@code gang}: unique per run, gang step and task, as a DNS name.
   */
  private void writeGangName(FlowModel flow, String gangStep) throws IOException {
    Files.createDirectories(outputs);
    Files.writeString(
        outputs.resolve(GangTemplates.NAME_PARAMETER),
        GangTemplates.name(flow.name(), runId, gangStep, taskId));
  }

  private void writeItems(FlowModel flow) throws IOException {
    int count;
    try (var store = store(flow)) {
      count =
          (Integer)
              store
                  .successfulData(new TaskPath(flow.name(), runId, step, taskId))
                  .load(StepExecutor.NUM_SPLITS, getClass().getClassLoader());
    }
    Files.createDirectories(outputs);
    Files.writeString(
        outputs.resolve("splits"),
        IntStream.range(0, count)
            .mapToObj(Integer::toString)
            .collect(Collectors.joining(",", "[", "]")));
    Files.writeString(outputs.resolve("width"), Integer.toString(count));
  }
}
