package dev.flowline.argo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.argo.compile.ArgoCompileException;
import dev.flowline.argo.compile.WorkflowTemplateCompiler;
import dev.flowline.argo.pending.PendingWatchdog;
import dev.flowline.config.ConfigException;
import dev.flowline.config.UserName;
import dev.flowline.kubernetes.config.ArgoOptions;
import dev.flowline.kubernetes.launch.ApiErrors;
import dev.flowline.kubernetes.launch.KubernetesClients;
import dev.flowline.kubernetes.preflight.AccessReview;
import dev.flowline.model.DecoratorSpecException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.StreamSupport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code argo-workflows create [--only-json | --only-yaml] [--name NAME] [--with SPEC]...}:
 * compiles the flow and deploys it (creates or replaces its WorkflowTemplate), uploading the code
 * package first when the pods fetch their code. With {@code --only-json} or {@code --only-yaml} it
 * prints every object instead, without a cluster and without uploading anything. Every problem
 * (names, configuration, decorators) exits with code 2 before anything is created.
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Deploy this flow to Argo Workflows (or print what would be deployed).")
public final class CreateCommand implements Callable<Integer> {
  @ParentCommand ArgoWorkflowsCommand parent;

  @Mixin DeploymentOptions deployment = new DeploymentOptions();

  @ArgGroup(exclusive = true)
  Print print;

  @Option(
      names = "--with",
      paramLabel = "SPEC",
      description = "Add a decorator to every step, e.g. --with retry:times=2 (repeatable).")
  List<String> with = new ArrayList<>();

  /** What to print instead of deploying. */
  static final class Print {
    @Option(names = "--only-json", description = "Print every object as JSON; deploy nothing.")
    boolean json;

    @Option(names = "--only-yaml", description = "Print every object as YAML; deploy nothing.")
    boolean yaml;
  }

  @Override
  public Integer call() throws IOException {
    var ctx = parent.context();
    boolean printOnly = print != null;
    Deployments.Compiled compiled;
    try {
      compiled = Deployments.compile(ctx, deployment, with, Optional.empty());
      if (!printOnly
          && compiled
              .settings()
              .get(dev.flowline.kubernetes.config.KubernetesOptions.CODE_PACKAGE)
              .equals("fetch")) {
        var uploaded = CodePackages.upload(ctx, compiled.settings());
        compiled = Deployments.compile(ctx, deployment, with, Optional.of(uploaded.url()));
        Deployments.annotateCodePackage(compiled, uploaded.contentHash());
      }
    } catch (ArgoCompileException e) {
      e.problems().forEach(p -> ctx.err().println("argo-workflows create: " + p));
      ctx.err().println("Nothing was created.");
      ctx.err().flush();
      return 2;
    } catch (ConfigException | DecoratorSpecException e) {
      ctx.err().println(e.getMessage());
      ctx.err().println("Nothing was created.");
      ctx.err().flush();
      return 2;
    }
    if (printOnly) {
      ctx.out().print(print.json ? json(compiled.objects()) : yaml(compiled.objects()));
      ctx.out().flush();
      return 0;
    }
    try (var client = KubernetesClients.connect(ctx.config().env())) {
      List<String> refusals = DeployChecks.problems(client, compiled, UserName.of(ctx.config()));
      if (!refusals.isEmpty()) {
        refusals.forEach(p -> ctx.err().println("argo-workflows create: " + p));
        ctx.err().println("Nothing was created.");
        ctx.err().flush();
        return 2;
      }
      for (ObjectNode o : compiled.objects()) {
        ArgoResources.apply(client, o);
      }
      if (compiled.sensor().isEmpty()) {
        // the flow no longer waits for events
        ArgoResources.deleteIfPresent(
            client,
            ArgoResources.SENSORS,
            compiled.settings().get(ArgoOptions.EVENTS_SENSOR_NAMESPACE),
            compiled.spec().name().replace('.', '-'));
      }
      if (compiled.cronWorkflow().isEmpty()) {
        // the flow is no longer scheduled: its runs stop
        ArgoResources.deleteIfPresent(
            client, ArgoResources.CRON, compiled.spec().namespace(), compiled.spec().name());
      }
      watchdogAccess(client, compiled).ifPresent(w -> ctx.err().println(w));
    } catch (KubernetesClientException e) {
      ctx.err().println(ApiErrors.describe(e, "deploy " + compiled.spec().name()));
      ctx.err().flush();
      return 1;
    }
    String name = compiled.spec().name();
    String namespace = compiled.spec().namespace();
    ctx.err()
        .println(
            "Deployed "
                + ctx.flow().name()
                + " to Argo Workflows as WorkflowTemplate "
                + name
                + " in namespace "
                + compiled.spec().namespace()
                + compiled
                    .cronWorkflow()
                    .map(
                        c ->
                            ", scheduled by CronWorkflow "
                                + name
                                + " ("
                                + c.at("/spec/schedules/0").asText()
                                + (c.at("/spec/timezone").isMissingNode()
                                    ? ""
                                    : " " + c.at("/spec/timezone").asText())
                                + ")")
                    .orElse("")
                + ". Start a run with: argo-workflows trigger"
                + (deployment.name == null ? "" : " --name " + name));
    compiled
        .settings()
        .find(ArgoOptions.WORKFLOWS_UI_URL)
        .ifPresent(
            ui ->
                ctx.err()
                    .println(
                        "See it at "
                            + ArgoResources.uiUrl(ui, "workflow-templates", namespace, name)));
    ctx.err().flush();
    return 0;
  }

  /**
   * A warning when the service account of the runs' pending watchdog lacks what it needs (then the
   * runs' tasks are not failed at their pending timeout); empty when it has it, or when this user
   * may not ask.
   */
  private static Optional<String> watchdogAccess(
      KubernetesClient client, Deployments.Compiled compiled) {
    String namespace = compiled.spec().namespace();
    String account =
        compiled.objects().stream()
            .filter(o -> o.path("kind").asText().equals("WorkflowTemplate"))
            .flatMap(o -> StreamSupport.stream(o.at("/spec/templates").spliterator(), false))
            .filter(t -> t.path("name").asText().equals(WorkflowTemplateCompiler.PENDING_WATCHDOG))
            .map(t -> t.path("serviceAccountName").asText("default"))
            .findFirst()
            .orElse("default");
    List<AccessReview.Permission> denied;
    try {
      denied =
          AccessReview.deniedToServiceAccount(client, namespace, account, PendingWatchdog.REQUIRED);
    } catch (KubernetesClientException e) {
      return Optional.empty(); // this user may not ask
    }
    if (denied.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "argo-workflows create: warning: service account "
            + account
            + " of namespace "
            + namespace
            + " may not "
            + AccessReview.describe(denied)
            + ", which the runs' pending watchdog needs: a task whose pod cannot start"
            + " will wait until the template's timeout (pending timeout + time limit)"
            + " instead of its pending timeout. Grant them with a Role bound to that"
            + " service account (docs/argo.md, \"Pending timeout and time limit\").");
  }

  /** The objects as pretty JSON, one document after the other. */
  static String json(List<ObjectNode> objects) throws IOException {
    var mapper = new ObjectMapper();
    StringBuilder out = new StringBuilder();
    for (ObjectNode o : objects) {
      out.append(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(o)).append('\n');
    }
    return out.toString();
  }

  /** The objects as YAML documents. */
  static String yaml(List<ObjectNode> objects) {
    var serialization = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
    List<String> docs = new ArrayList<>();
    for (ObjectNode o : objects) {
      docs.add(serialization.asYaml(o).replaceFirst("^---\\n", ""));
    }
    return String.join("---\n", docs);
  }
}
