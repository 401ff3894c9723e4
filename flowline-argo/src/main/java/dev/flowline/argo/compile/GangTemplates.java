package dev.flowline.argo.compile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.argo.pending.PendingVerdict;
import dev.flowline.kubernetes.render.CodePackageFeature;
import dev.flowline.kubernetes.render.GangIdentity;
import dev.flowline.kubernetes.render.JobRenderer;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.kubernetes.render.LabelValues;
import dev.flowline.kubernetes.render.MetadataFeature;
import dev.flowline.kubernetes.render.StepContext;
import dev.flowline.kubernetes.render.TaskIdentity;
import dev.flowline.model.StepModel;
import dev.flowline.runtime.GangEnvironment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A gang step ({@code @Parallel}, started by {@code next(this::train, parallel(n))}) as an Argo
 * {@code resource} template that creates the gang's JobSet and waits for its end: {@code
 * successCondition: status.terminalState == Completed}, {@code failureCondition:
 * status.terminalState == Failed} (the JobSet controller's terminal states; with {@code
 * failurePolicy.maxRestarts: 0} the first failed node fails the JobSet). The JobSet is {@link
 * JobSetRenderer}'s, the same a Kubernetes run creates, from the same pod features, with the task
 * identity as Argo expressions:
 *
 * <ul>
 *   <li>the nodes' task ids are {@code <task-id>-0} (the control node) ... {@code <task-id>-(n-1)},
 *       so the join after the gang finds them as a foreach join does ({@code --splits n});
 *   <li>the JobSet's name is {@code <gang>-<attempt>}: {@code gang} is a DNS name written by the
 *       launching task ({@link #name}), unique per run, step and task, and the attempt is Argo's
 *       {@code {{retries}}}: {@code @Retry} as the template's {@code retryStrategy} creates a new
 *       JobSet for each attempt of the whole gang;
 *   <li>{@code setOwnerReference: true}: the Workflow owns the JobSet, which owns its Jobs, pods
 *       and headless Service, so deleting the run's Workflow deletes them all;
 *   <li>no Service of its own: the JobSet enables DNS host names, and the JobSet controller creates
 *       the headless Service named as its subdomain ({@code clusterIP: None}, {@code
 *       publishNotReadyAddresses}, selecting its pods), owned by the JobSet. One resource per
 *       attempt: each retry gets its own Service with its JobSet, and no second resource pod runs.
 * </ul>
 *
 * <p>The manifest is the JobSet as JSON (valid JSON, so YAML, before Argo substitutes anything);
 * the code fetcher it carries refers to the workflow parameter {@value
 * WorkflowTemplateCompiler#BOOTSTRAP_PARAMETER}.
 */
public final class GangTemplates {
  /** The launching task's output parameter and the gang template's input: the JobSet's name. */
  public static final String NAME_PARAMETER = "gang";

  /**
   * Longest {@link #name}: with {@code -<attempt>} the JobSet's name stays within {@link
   * JobSetRenderer#MAX_NAME} for up to 99 retries.
   */
  static final int MAX_NAME = JobSetRenderer.MAX_NAME - 3;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization K8S = new KubernetesSerialization();
  private static final String TASK_ID = "{{inputs.parameters.task-id}}";

  /** Fields of the nodes' pod spec that the resource template's own pod (argoexec) gets too. */
  private static final List<String> SCHEDULING =
      List.of("serviceAccountName", "nodeSelector", "tolerations", "priorityClassName");

  private final DeploymentSpec deployment;
  private final Function<StepModel, StepContext> command;
  private final JobSetRenderer renderer =
      new JobSetRenderer(new JobRenderer(), JobSetRenderer.DEFAULT_API_VERSION);

  /**
   * For {@code deployment}; {@code command} gives the pod template context of a gang step (its
   * {@code argo-workflows task} command).
   */
  GangTemplates(DeploymentSpec deployment, Function<StepModel, StepContext> command) {
    this.deployment = deployment;
    this.command = command;
  }

  /**
   * The base of the JobSet name of the gang {@code gangStep} started by task {@code taskId} of run
   * {@code runId}: {@code <flow-step, cut to fit>-<8 hex digits of a hash of the identity>}, at
   * most {@value #MAX_NAME} characters. The launching task writes it for Argo ({@code task
   * --outputs}).
   */
  public static String name(String flow, String runId, String gangStep, String taskId) {
    return LabelValues.dnsName(
        String.join("/", flow, runId, gangStep, taskId), MAX_NAME, flow, gangStep);
  }

  /** The resource template of {@code gang}, whose gang {@code launcher} starts. */
  ObjectNode template(StepModel gang, StepModel launcher) {
    int nodes = launcher.numParallel();
    StepContext ctx = command.apply(gang);
    Optional<ObjectNode> retry = WorkflowTemplateCompiler.retryStrategy(gang);
    // Argo substitutes {{retries}} only in a template with a retryStrategy
    String attempt = retry.isPresent() ? "{{retries}}" : "0";
    var control =
        new TaskIdentity(
            "{{workflow.name}}",
            TASK_ID + "-0",
            attempt,
            "{{inputs.parameters.input-paths}}",
            Optional.of("0"),
            false);
    var ids =
        new GangIdentity(
            "{{inputs.parameters." + NAME_PARAMETER + "}}-" + attempt,
            deployment.namespace(),
            control,
            TASK_ID + "-\"$" + GangEnvironment.NODE_INDEX + "\"",
            TASK_ID + "-0.." + TASK_ID + "-" + (nodes - 1),
            TASK_ID + "-1.." + TASK_ID + "-" + (nodes - 1));
    ObjectNode jobSet = tree(renderer.jobSet(ctx, ids, nodes));
    hoistBootstrap(jobSet);
    // the run's pending watchdog fails a node's pod (and so the JobSet) at its pending timeout
    String pendingTimeout = Long.toString(ctx.settings().recovery().pendingTimeoutSeconds());
    for (JsonNode job : jobSet.at("/spec/replicatedJobs")) {
      ContainerTemplates.annotations((ObjectNode) job.at("/template/spec/template"))
          .put(PendingVerdict.TIMEOUT_ANNOTATION, pendingTimeout);
    }

    ObjectNode t = JSON.createObjectNode();
    t.put("name", ArgoNames.stepTemplate(gang.name()));
    ArrayNode in = t.putObject("inputs").putArray("parameters");
    in.addObject().put("name", "task-id");
    in.addObject().put("name", "input-paths");
    in.addObject().put("name", NAME_PARAMETER);
    retry.ifPresent(r -> t.set("retryStrategy", r));
    // argoexec's pod shares the nodes' scheduling fields: the watchdog bounds its wait too
    ObjectNode meta = t.putObject("metadata");
    meta.putObject("labels").put(MetadataFeature.RUN, "{{workflow.name}}");
    meta.putObject("annotations")
        .put(MetadataFeature.STEP, gang.name())
        .put(MetadataFeature.TASK, TASK_ID)
        .put(PendingVerdict.TIMEOUT_ANNOTATION, pendingTimeout);
    JsonNode pod = jobSet.at("/spec/replicatedJobs/0/template/spec/template/spec");
    for (String field : SCHEDULING) {
      if (pod.has(field)) {
        t.set(field, pod.get(field));
      }
    }
    ObjectNode resource = t.putObject("resource");
    resource.put("action", "create");
    resource.put("setOwnerReference", true);
    resource.put("successCondition", "status.terminalState == Completed");
    resource.put("failureCondition", "status.terminalState == Failed");
    resource.put("manifest", jobSet.toPrettyString() + "\n");
    return t;
  }

  /** The code fetcher in the nodes' environment refers to the workflow parameter. */
  private static void hoistBootstrap(ObjectNode jobSet) {
    for (JsonNode job : jobSet.at("/spec/replicatedJobs")) {
      for (JsonNode c : job.at("/template/spec/template/spec/containers")) {
        for (JsonNode e : c.path("env")) {
          if (e.path("name").asText().equals(CodePackageFeature.BOOTSTRAP_VARIABLE)
              && e.has("value")) {
            ((ObjectNode) e)
                .put(
                    "value",
                    "{{workflow.parameters." + WorkflowTemplateCompiler.BOOTSTRAP_PARAMETER + "}}");
          }
        }
      }
    }
  }

  private static ObjectNode tree(Object fabric8) {
    try {
      return (ObjectNode) JSON.readTree(K8S.asJson(fabric8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("fabric8 produced invalid JSON", e);
    }
  }
}
