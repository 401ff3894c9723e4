package dev.flowline.kubernetes.cli;

import dev.flowline.cli.DatastoreSelection;
import dev.flowline.config.ConfigException;
import dev.flowline.config.Settings;
import dev.flowline.config.UserName;
import dev.flowline.kubernetes.KubernetesPreflight;
import dev.flowline.kubernetes.KubernetesStepSettings;
import dev.flowline.kubernetes.StepSettingsResolver;
import dev.flowline.kubernetes.render.JobRenderer;
import dev.flowline.kubernetes.render.TaskContext;
import dev.flowline.model.DecoratorRegistry;
import dev.flowline.model.DecoratorSpecException;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.runtime.TaskSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kubernetes render STEP [--run-id ID] [--task-id ID] [--attempt N] [--input-paths
 * RUN/STEP/TASK,...] [--split-index N] [--tag TAG]... [--datastore KIND] [--datastore-root ROOT]
 * [--with SPEC]... [-o yaml|json]}: prints the exact {@code batch/v1} Job that a task of STEP would
 * get, without any cluster; secret-like values are masked. A step without {@code @Kubernetes} is
 * rendered as {@code --with kubernetes} would run it. The run options given ({@code --tag}, {@code
 * --with}, {@code --datastore}, {@code --datastore-root}) appear in the container's {@code step}
 * command, as the run passes them to every task, and the datastore options also stand for their
 * configuration keys (checks and the pod's environment see them). The task's inputs are required
 * where the step has them, so that the printed command is complete (see {@link TaskInputs}).
 * Everything {@code run} checks before submitting is checked ({@link KubernetesPreflight},
 * including the shared-datastore rule): exit code 2 with every problem listed, and nothing on
 * standard output. A {@code @Parallel} step is rendered as its gang's JobSet and headless Service
 * ({@link GangRender}), {@code --task-id} being the control node's.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = "Print the Kubernetes Job a task of STEP would get (no cluster needed).")
public final class RenderCommand implements Callable<Integer> {
  /** Output formats. */
  public enum Format {
    /** YAML. */
    yaml,
    /** JSON. */
    json
  }

  @ParentCommand KubernetesCommand parent;

  @Parameters(index = "0", paramLabel = "STEP", description = "The step to render.")
  String step;

  @Option(
      names = "--run-id",
      defaultValue = "1",
      description = "Run id to render with (default: ${DEFAULT-VALUE}).")
  String runId;

  @Option(
      names = "--task-id",
      defaultValue = "1",
      description = "Task id to render with (default: ${DEFAULT-VALUE}).")
  String taskId;

  @Option(
      names = "--attempt",
      defaultValue = "0",
      description = "Attempt number (default: ${DEFAULT-VALUE}).")
  int attempt;

  @Option(
      names = "--with",
      paramLabel = "SPEC",
      description =
          "Add a decorator to every step, e.g. --with kubernetes:cpu=2,memory=8192 (repeatable).")
  List<String> with = new ArrayList<>();

  @Option(
      names = "--input-paths",
      paramLabel = "RUN/STEP/TASK[,...]",
      description =
          "The task's input tasks (required for every step but start), e.g. --input-paths"
              + " 1/start/2; a join names one task per incoming branch or foreach item.")
  String inputPaths;

  @Option(
      names = "--split-index",
      paramLabel = "N",
      description = "The foreach item's index (required for the first step of a foreach body).")
  Integer splitIndex;

  @Option(
      names = "--tag",
      paramLabel = "TAG",
      description = "A user tag of the run, passed on to the task (repeatable).")
  List<String> tags = new ArrayList<>();

  @Mixin DatastoreSelection datastoreSelection = new DatastoreSelection();

  @Option(
      names = {"-o", "--output"},
      defaultValue = "yaml",
      description = "yaml or json (default: ${DEFAULT-VALUE}).")
  Format output;

  @Override
  public Integer call() {
    var ctx = parent.context();
    FlowModel flow;
    StepModel stepModel;
    try {
      flow = ctx.flow().withDecorators(with, DecoratorRegistry.load(getClass().getClassLoader()));
      stepModel = flow.step(step);
    } catch (NoSuchElementException | DecoratorSpecException e) {
      ctx.err().println(e.getMessage());
      ctx.err().flush();
      return 2;
    }
    var inputProblems = TaskInputs.problems(flow, stepModel, runId, inputPaths, splitIndex);
    KubernetesStepSettings settings = null;
    Settings config = null;
    String configProblems = null;
    try {
      config =
          CommandConfig.settings(CommandConfig.withDatastore(ctx.config(), datastoreSelection));
      settings =
          new KubernetesPreflight(config).resolve(flow, List.of(stepModel)).get(stepModel.name());
    } catch (ConfigException e) {
      configProblems = e.getMessage();
    }
    if (!inputProblems.isEmpty() || configProblems != null) {
      inputProblems.forEach(p -> ctx.err().println("kubernetes render " + step + ": " + p));
      if (configProblems != null) {
        ctx.err().println(configProblems);
      }
      ctx.err().println("Nothing was rendered.");
      ctx.err().flush();
      return 2;
    }
    if (!StepSettingsResolver.runsOnKubernetes(stepModel)) {
      ctx.err()
          .println(
              "note: step '"
                  + step
                  + "' has no @Kubernetes; rendered as --with kubernetes would run it.");
    }
    var task =
        new TaskSpec(
                flow.className(),
                runId,
                step,
                taskId,
                attempt,
                inputPaths == null
                    ? List.of()
                    : Arrays.stream(inputPaths.split(",")).map(String::trim).toList(),
                stepModel.isGang() ? Optional.of(0) : Optional.ofNullable(splitIndex),
                tags)
            .withRunOptions(with, datastoreSelection.kind(), datastoreSelection.root());
    if (stepModel.isGang()) {
      return GangRender.print(
          ctx,
          new TaskContext(settings, task, Optional.of(UserName.of(config.config()))),
          flow.step(stepModel.inputs().get(0)).numParallel(),
          output == Format.json);
    }
    var job =
        new JobRenderer()
            .render(new TaskContext(settings, task, Optional.of(UserName.of(config.config()))));
    var serialization = new KubernetesSerialization();
    var shown = SecretRedaction.redact(job);
    var masked = SecretRedaction.maskedNames(job);
    if (!masked.isEmpty()) {
      ctx.err()
          .println(
              "note: the values of "
                  + String.join(", ", masked)
                  + " are printed as "
                  + dev.flowline.config.SecretMask.MASK
                  + " (they look like credentials), so this Job cannot be applied as printed. Keep"
                  + " credentials in a Kubernetes Secret and reference it with @Kubernetes(secrets"
                  + " = \"NAME\") or METAFLOW_KUBERNETES_SECRETS: the Job then names the Secret,"
                  + " not the values, and applies as printed.");
    }
    ctx.out()
        .print(
            output == Format.json
                ? prettyJson(serialization.asJson(shown))
                : serialization.asYaml(shown));
    ctx.out().flush();
    ctx.err().flush();
    return 0;
  }

  static String prettyJson(String json) {
    try {
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(json))
          + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("fabric8 produced invalid JSON", e);
    }
  }
}
