package dev.flowline.kubernetes.render;

import dev.flowline.runtime.TaskSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The identity of one task attempt, applied last to a step's pod template ({@link
 * JobRenderer#template}): the values are literal for a Job ({@link #of}) or Argo expressions for a
 * workflow template ({@link #argo}). Features write the slots ({@link #RUN_ID}, ...) where an
 * identity value goes; {@link #applyTo} replaces them in the labels, annotations, environment and
 * command, so a Job is exactly the step template plus the task identity.
 *
 * @param runId the run id
 * @param taskId the task id
 * @param attempt the attempt number
 * @param inputPaths the input pathspecs, comma-separated (empty when the step has none)
 * @param splitIndex the foreach split index, empty outside a foreach
 * @param literal whether the values are literal (label values are then made label-safe; an Argo
 *     expression is left for Argo to substitute)
 */
public record TaskIdentity(
    String runId,
    String taskId,
    String attempt,
    String inputPaths,
    Optional<String> splitIndex,
    boolean literal) {

  /** Slot of the run id. */
  public static final String RUN_ID = "FLOWLINE-SLOT-RUN-ID";

  /** Slot of the run id as a label value. */
  public static final String RUN_LABEL = "FLOWLINE-SLOT-RUN-LABEL";

  /** Slot of the task id. */
  public static final String TASK_ID = "FLOWLINE-SLOT-TASK-ID";

  /** Slot of the attempt. */
  public static final String ATTEMPT = "FLOWLINE-SLOT-ATTEMPT";

  /** Slot of the input paths. */
  public static final String INPUT_PATHS = "FLOWLINE-SLOT-INPUT-PATHS";

  /** Slot of the split index. */
  public static final String SPLIT_INDEX = "FLOWLINE-SLOT-SPLIT-INDEX";

  /** The literal identity of {@code task}, for a Job. */
  public static TaskIdentity of(TaskSpec task) {
    return new TaskIdentity(
        task.runId(),
        task.taskId(),
        Integer.toString(task.attempt()),
        String.join(",", task.inputPaths()),
        task.splitIndex().map(String::valueOf),
        true);
  }

  /**
   * The identity as Argo Workflows expressions, for a container template: the workflow's name is
   * the run id, the task id, input paths and split index are the template's input parameters, and
   * the attempt is Argo's retry count.
   */
  public static TaskIdentity argo() {
    return new TaskIdentity(
        "{{workflow.name}}",
        "{{inputs.parameters.task-id}}",
        "{{retries}}",
        "{{inputs.parameters.input-paths}}",
        Optional.of("{{inputs.parameters.split-index}}"),
        false);
  }

  /**
   * Decorators whose {@code --with} specs stay off the pod's command: the pod itself carries what
   * they mean ({@code environment} values are the container's environment, {@code kubernetes} and
   * {@code resources} its spec, {@code timeout} its {@code activeDeadlineSeconds}) or the runtime
   * applies them ({@code retry}). Their values, which may be credentials ({@code --with
   * 'environment:vars=["DB_PASSWORD=..."]'}), would otherwise be readable in the Job's command by
   * anyone who can list Jobs or pods.
   */
  static final Set<String> CARRIED_BY_POD =
      Set.of("environment", "kubernetes", "resources", "timeout", "retry");

  /**
   * {@code task}'s {@code step} command with the identity values replaced by slots: what a step
   * template's command is. Whether input paths and a split index appear is the step's shape. The
   * {@code --with} specs of decorators the pod carries ({@link #CARRIED_BY_POD}) are left out.
   */
  static List<String> slotsIn(TaskSpec task) {
    List<String> args = new ArrayList<>();
    List<String> all = task.stepArgs();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).equals("--with")
          && i + 1 < all.size()
          && CARRIED_BY_POD.contains(decoratorName(all.get(i + 1)))) {
        i++;
        continue;
      }
      args.add(all.get(i));
    }
    replaceAfter(args, "--run-id", RUN_ID);
    replaceAfter(args, "--task-id", TASK_ID);
    replaceAfter(args, "--attempt", ATTEMPT);
    replaceAfter(args, "--input-paths", INPUT_PATHS);
    replaceAfter(args, "--split-index", SPLIT_INDEX);
    return args;
  }

  private static String decoratorName(String spec) {
    int colon = spec.indexOf(':');
    return (colon < 0 ? spec : spec.substring(0, colon)).trim();
  }

  private static void replaceAfter(List<String> args, String option, String slot) {
    // only the identity options before the first --tag/--with: a tag or spec may repeat the text
    for (int i = 3; i + 1 < args.size(); i += 2) {
      String a = args.get(i);
      if (a.equals("--tag") || a.equals("--with") || a.startsWith("--datastore")) {
        return;
      }
      if (a.equals(option)) {
        args.set(i + 1, slot);
        return;
      }
    }
  }

  /** {@code template} with every slot replaced by this identity's values. */
  public StepPod applyTo(StepPod template) {
    var meta = template.pod().getMetadata();
    var pod =
        new PodBuilder(template.pod())
            .editOrNewMetadata()
            .withLabels(fill(meta == null ? null : meta.getLabels()))
            .withAnnotations(fill(meta == null ? null : meta.getAnnotations()))
            .endMetadata()
            .build();
    var main = new ContainerBuilder(template.main());
    List<EnvVar> env = new ArrayList<>();
    for (EnvVar e : template.main().getEnv()) {
      env.add(
          e.getValue() == null ? e : new EnvVarBuilder(e).withValue(fill(e.getValue())).build());
    }
    main.withEnv(env);
    List<String> command = template.main().getCommand();
    if (command != null && !command.isEmpty()) {
      main.withCommand(command.stream().map(this::fillScript).toList());
    }
    return new StepPod(pod, main.build());
  }

  private Map<String, String> fill(Map<String, String> map) {
    if (map == null) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, fill(v)));
    return out;
  }

  private String fill(String value) {
    if (value.equals(RUN_LABEL)) {
      return literal ? LabelValues.safe(runId) : runId;
    }
    return value
        .replace(RUN_ID, runId)
        .replace(TASK_ID, taskId)
        .replace(ATTEMPT, attempt)
        .replace(INPUT_PATHS, inputPaths)
        .replace(SPLIT_INDEX, splitIndex.orElse(""));
  }

  /** Slots in the shell script become shell words (quoted when needed). */
  private String fillScript(String script) {
    return script
        .replace(RUN_ID, CommandFeature.quote(runId))
        .replace(TASK_ID, CommandFeature.quote(taskId))
        .replace(ATTEMPT, CommandFeature.quote(attempt))
        .replace(INPUT_PATHS, CommandFeature.quote(inputPaths))
        .replace(SPLIT_INDEX, CommandFeature.quote(splitIndex.orElse("")));
  }
}
