package dev.flowline.argo.cli;

import dev.flowline.argo.compile.ArgoCompileException;
import dev.flowline.kubernetes.launch.KubernetesClients;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code argo-workflows delete [--name NAME]}: removes the deployment (its WorkflowTemplate and
 * CronWorkflow). Runs already started, and their data, stay.
 */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = "Remove this flow's Argo Workflows deployment (runs and their data stay).")
public final class DeleteCommand implements Callable<Integer> {
  @ParentCommand ArgoWorkflowsCommand parent;

  @Mixin DeploymentOptions deployment = new DeploymentOptions();

  @Override
  public Integer call() {
    var ctx = parent.context();
    String name;
    try {
      name = Deployments.name(ctx, deployment).name();
    } catch (ArgoCompileException e) {
      return ArgoWorkflowsCommand.usage(ctx.err(), String.join("\n", e.problems()));
    }
    String namespace = RunTargets.namespace(ctx);
    try (var client = KubernetesClients.connect(ctx.config().env())) {
      var template =
          client
              .genericKubernetesResources(ArgoResources.TEMPLATES)
              .inNamespace(namespace)
              .withName(name);
      if (template.get() == null) {
        return ArgoWorkflowsCommand.usage(
            ctx.err(),
            "argo-workflows delete: no deployment named \""
                + name
                + "\" in namespace \""
                + namespace
                + "\". See the deployments with: argo-workflows list");
      }
      template.delete();
      client
          .genericKubernetesResources(ArgoResources.CRON)
          .inNamespace(namespace)
          .withName(name)
          .delete();
      ctx.err().println("Deleted deployment " + name + " from namespace \"" + namespace + "\".");
      ctx.err().flush();
      return 0;
    }
  }
}
