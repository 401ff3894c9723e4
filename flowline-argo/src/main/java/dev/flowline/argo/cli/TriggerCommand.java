package dev.flowline.argo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.argo.compile.ArgoCompileException;
import dev.flowline.config.ConfigException;
import dev.flowline.kubernetes.config.ArgoOptions;
import dev.flowline.kubernetes.config.KubernetesOptions;
import dev.flowline.kubernetes.launch.KubernetesClients;
import dev.flowline.kubernetes.render.LabelValues;
import dev.flowline.runtime.FlowFields;
import dev.flowline.runtime.InvalidRunException;
import dev.flowline.runtime.ParameterBinder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code argo-workflows trigger [--name NAME] [--run-id-file FILE] [--wait] [--PARAM VALUE]...}:
 * starts a run of the deployment (a Workflow from its WorkflowTemplate). The flow's parameters are
 * given as for {@code run} and checked the same way (types, required ones) before anything is
 * submitted; those not given take the flow's defaults. The run id is the workflow's name. With
 * {@code --wait}, follows the run's pods' logs until it ends and returns its exit code (0
 * succeeded, 1 failed).
 */
@Command(
    name = "trigger",
    mixinStandardHelpOptions = true,
    description = "Start a run of this flow's Argo Workflows deployment.")
public final class TriggerCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand ArgoWorkflowsCommand parent;

  @Mixin DeploymentOptions deployment = new DeploymentOptions();

  @Option(names = "--run-id-file", paramLabel = "FILE", description = "Write the run id to FILE.")
  Path runIdFile;

  @Option(
      names = "--wait",
      description = "Follow the run's logs until it ends; exit with its code.")
  boolean waitForEnd;

  @Unmatched List<String> parameterWords = new ArrayList<>();

  @Spec CommandSpec spec;

  /**
   * Creates the workflow. The controller resolves templates from its informer's cache, which may
   * not yet hold a template created a moment ago: such a workflow ends in Error ("... not found")
   * before any task runs; it is deleted and submitted again (up to 10 times, a second apart).
   */
  private static GenericKubernetesResource submit(
      io.fabric8.kubernetes.client.KubernetesClient client,
      String namespace,
      String template,
      ObjectNode wf)
      throws InterruptedException {
    var ops = client.genericKubernetesResources(ArgoResources.WORKFLOWS).inNamespace(namespace);
    GenericKubernetesResource created = null;
    for (int attempt = 1; attempt <= 10; attempt++) {
      created = ops.resource(JSON.convertValue(wf, GenericKubernetesResource.class)).create();
      String name = created.getMetadata().getName();
      GenericKubernetesResource seen;
      try {
        seen =
            ops.withName(name)
                .waitUntilCondition(
                    w -> w == null || !WorkflowFollower.phase(w).isEmpty(), 60, TimeUnit.SECONDS);
      } catch (io.fabric8.kubernetes.client.KubernetesClientTimeoutException e) {
        return created; // not picked up yet: the controller is busy, the workflow stands
      }
      boolean templateNotSeen =
          seen != null
              && WorkflowFollower.phase(seen).equals("Error")
              && String.valueOf(seen.getAdditionalProperties().get("status"))
                  .contains("\"" + template + "\" not found");
      if (!templateNotSeen) {
        return created;
      }
      ops.withName(name).delete();
      Thread.sleep(1000);
    }
    return created;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    var ctx = parent.context();
    var flow = ctx.flow();
    String name;
    String namespace;
    var given = new LinkedHashMap<String, String>();
    String ui;
    try {
      name = Deployments.name(ctx, deployment).name();
      var settings = Deployments.settings(ctx.config());
      namespace = settings.get(KubernetesOptions.NAMESPACE);
      ui = settings.find(ArgoOptions.WORKFLOWS_UI_URL).orElse(null);
      var clashes = new ArrayList<String>();
      for (var p : flow.parameters()) {
        var own = spec.findOption("--" + p.name());
        if (own != null && spec.commandLine().getParseResult().hasMatchedOption(own)) {
          clashes.add(
              "--"
                  + p.name()
                  + " is trigger's own option ("
                  + own.description()[0]
                  + "), and the flow also has a parameter --"
                  + p.name()
                  + " (field "
                  + p.fieldName()
                  + "): the option took the value. Set the parameter with "
                  + ParameterBinder.envName(p.name())
                  + "=VALUE instead, or rename it with @Parameter(name = \"...\").");
        }
      }
      if (!clashes.isEmpty()) {
        throw new ArgoCompileException(clashes);
      }
      given.putAll(FlowParameters.parse(flow.parameters(), parameterWords));
      for (var p : flow.parameters()) {
        String env = ParameterBinder.fromEnvironment(ctx.config().env(), p.name());
        if (!given.containsKey(p.name()) && env != null) {
          given.put(p.name(), env);
        }
      }
      new ParameterBinder(flow.parameters(), new FlowFields(ctx.flowClass())).bind(given, Map.of());
      var tooLarge = new ArrayList<String>();
      given.forEach(
          (p, v) -> Deployments.checkValueSize(p, v, "the value").ifPresent(tooLarge::add));
      if (!tooLarge.isEmpty()) {
        throw new ArgoCompileException(tooLarge);
      }
    } catch (ArgoCompileException e) {
      String prefix = "argo-workflows trigger: ";
      return ArgoWorkflowsCommand.usage(
          ctx.err(),
          e.problems().stream()
                  .map(m -> m.startsWith("argo-workflows") ? m : prefix + m)
                  .collect(Collectors.joining("\n"))
              + "\nNothing was started.");
    } catch (ConfigException | InvalidRunException | IllegalArgumentException e) {
      return ArgoWorkflowsCommand.usage(
          ctx.err(), "argo-workflows trigger: " + e.getMessage() + "\nNothing was started.");
    }
    try (var client = KubernetesClients.connect(ctx.config().env())) {
      var templates =
          client.genericKubernetesResources(ArgoResources.TEMPLATES).inNamespace(namespace);
      if (templates.withName(name).get() == null) {
        return ArgoWorkflowsCommand.usage(
            ctx.err(),
            "argo-workflows trigger: no deployment named \""
                + name
                + "\" in namespace \""
                + namespace
                + "\". Deploy it first with: argo-workflows create"
                + (deployment.name == null ? "" : " --name " + name)
                + ". Nothing was started.");
      }
      ObjectNode wf = JSON.createObjectNode();
      wf.put("apiVersion", "argoproj.io/v1alpha1");
      wf.put("kind", "Workflow");
      ObjectNode meta = wf.putObject("metadata");
      meta.put("generateName", name + "-").put("namespace", namespace);
      ObjectNode labels = meta.putObject("labels");
      labels.put("app.kubernetes.io/part-of", "flowline");
      labels.put(RunTargets.FLOW_LABEL, LabelValues.safe(flow.name()));
      ObjectNode spec = wf.putObject("spec");
      spec.putObject("workflowTemplateRef").put("name", name);
      if (!given.isEmpty()) {
        ArrayNode params = spec.putObject("arguments").putArray("parameters");
        given.forEach((k, v) -> params.addObject().put("name", k).put("value", v));
      }
      var created = submit(client, namespace, name, wf);
      String runId = created.getMetadata().getName();
      ctx.err()
          .println(
              "Workflow "
                  + runId
                  + " submitted from deployment "
                  + name
                  + " (run-id "
                  + runId
                  + "; pathspec "
                  + flow.name()
                  + "/"
                  + runId
                  + ").");
      if (ui != null) {
        ctx.err().println("See it at " + ArgoResources.uiUrl(ui, "workflows", namespace, runId));
      }
      ctx.err().flush();
      if (runIdFile != null) {
        Files.writeString(ctx.config().workDir().resolve(runIdFile), runId);
      }
      if (!waitForEnd) {
        return 0;
      }
      String phase = new WorkflowFollower(client, namespace, runId, ctx.out(), ctx.err()).follow();
      ctx.err().println("Workflow " + runId + " ended: " + phase);
      ctx.err().flush();
      return phase.equals("Succeeded") ? 0 : 1;
    }
  }
}
