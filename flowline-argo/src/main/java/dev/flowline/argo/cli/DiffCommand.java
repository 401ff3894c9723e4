package dev.flowline.argo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.argo.compile.ArgoCompileException;
import dev.flowline.config.ConfigException;
import dev.flowline.config.SecretMask;
import dev.flowline.config.UserName;
import dev.flowline.kubernetes.config.ArgoOptions;
import dev.flowline.kubernetes.config.KubernetesOptions;
import dev.flowline.kubernetes.launch.ApiErrors;
import dev.flowline.kubernetes.launch.KubernetesClients;
import dev.flowline.model.DecoratorSpecException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code argo-workflows diff [--name NAME] [--with SPEC]... [--branch B] [--production]}: what
 * {@code create} with the same options would change in the cluster. The flow is compiled exactly as
 * {@code create} compiles it, the deployed WorkflowTemplate, CronWorkflow and Sensor are read, and
 * each pair is compared after {@link DeploymentDiff#normalize} (fields the cluster sets are
 * dropped; the code package is compared by its content hash, not its signed URL) with values that
 * look like credentials masked. Nothing is created, changed or uploaded.
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Show what 'create' with the same options would change in the cluster (a unified diff of"
          + " each object's YAML); nothing is created or uploaded.",
      "Exit codes: 0 no differences, 1 differences, 2 bad input or an error (as 'git diff"
          + " --exit-code' and 'kubectl diff')."
    })
public final class DiffCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand ArgoWorkflowsCommand parent;

  @Mixin DeploymentOptions deployment = new DeploymentOptions();

  @Option(
      names = "--with",
      paramLabel = "SPEC",
      description = "As for create: add a decorator to every step (repeatable).")
  List<String> with = new ArrayList<>();

  @Override
  public Integer call() {
    var ctx = parent.context();
    Deployments.Compiled compiled;
    try {
      compiled = Deployments.compile(ctx, deployment, with, Optional.empty());
      if (compiled.settings().get(KubernetesOptions.CODE_PACKAGE).equals("fetch")) {
        Deployments.annotateCodePackage(
            compiled, CodePackages.contentHash(ctx, compiled.settings()));
      }
    } catch (ArgoCompileException e) {
      e.problems().forEach(p -> ctx.err().println("argo-workflows diff: " + p));
      ctx.err().flush();
      return 2;
    } catch (ConfigException | DecoratorSpecException e) {
      ctx.err().println(e.getMessage());
      ctx.err().flush();
      return 2;
    } catch (IOException e) {
      ctx.err().println("argo-workflows diff: cannot hash the code package: " + e.getMessage());
      ctx.err().flush();
      return 2;
    }
    String name = compiled.spec().name();
    String namespace = compiled.spec().namespace();
    String sensorNamespace = compiled.settings().get(ArgoOptions.EVENTS_SENSOR_NAMESPACE);
    List<Pair> pairs = new ArrayList<>();
    try (var client = KubernetesClients.connect(ctx.config().env())) {
      pairs.add(
          new Pair(
              "WorkflowTemplate",
              namespace,
              name,
              read(client, ArgoResources.TEMPLATES, namespace, name),
              Optional.of(compiled.workflowTemplate())));
      pairs.add(
          new Pair(
              "CronWorkflow",
              namespace,
              name,
              read(client, ArgoResources.CRON, namespace, name),
              compiled.cronWorkflow()));
      String sensor = name.replace('.', '-');
      pairs.add(
          new Pair(
              "Sensor",
              sensorNamespace,
              sensor,
              read(client, ArgoResources.SENSORS, sensorNamespace, sensor),
              compiled.sensor()));
      var refusals = DeployChecks.problems(client, compiled, UserName.of(ctx.config()));
      refusals.forEach(p -> ctx.err().println("note: create would refuse: " + p));
    } catch (KubernetesClientException e) {
      ctx.err().println(ApiErrors.describe(e, "read the deployment " + name));
      ctx.err().flush();
      return 2;
    }
    boolean differs = false;
    Set<String> masked = new LinkedHashSet<>();
    for (Pair p : pairs) {
      if (p.deployed().isEmpty() && p.compiled().isEmpty()) {
        continue;
      }
      String title = p.kind() + " " + p.namespace() + "/" + p.name();
      var m =
          DeploymentDiff.mask(
              p.deployed().map(DeploymentDiff::normalize).orElse(null),
              p.compiled().map(DeploymentDiff::normalize).orElse(null));
      masked.addAll(m.names());
      List<String> lines =
          DeploymentDiff.unified(
              p.kind() + "/" + p.namespace() + "/" + p.name(), m.deployed(), m.compiled());
      if (lines.isEmpty()) {
        ctx.out().println(title + ": no changes");
        continue;
      }
      differs = true;
      String what =
          p.deployed().isEmpty()
              ? "would be created"
              : p.compiled().isEmpty()
                  ? "would be deleted (the flow no longer has "
                      + (p.kind().equals("Sensor") ? "@Trigger or @TriggerOnFinish" : "@Schedule")
                      + ")"
                  : "would change";
      ctx.out().println(title + ": " + what);
      lines.forEach(ctx.out()::println);
    }
    if (!masked.isEmpty()) {
      ctx.err()
          .println(
              "note: the values of "
                  + String.join(", ", masked)
                  + " are shown as "
                  + SecretMask.MASK
                  + " (they look like credentials); a changed one as "
                  + DeploymentDiff.CHANGED_SECRET
                  + ".");
    }
    ctx.out().flush();
    ctx.err().flush();
    return differs ? 1 : 0;
  }

  private static Optional<ObjectNode> read(
      KubernetesClient client, ResourceDefinitionContext kind, String namespace, String name) {
    GenericKubernetesResource r;
    try {
      r = client.genericKubernetesResources(kind).inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Optional.empty(); // the kind is not installed (no Argo Events): nothing deployed
      }
      throw e;
    }
    return r == null ? Optional.empty() : Optional.of(JSON.valueToTree(r));
  }

  /** One object: what is deployed and what create would deploy. */
  private record Pair(
      String kind,
      String namespace,
      String name,
      Optional<ObjectNode> deployed,
      Optional<ObjectNode> compiled) {}
}
