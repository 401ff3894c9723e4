package dev.flowline.argo.cli;

import dev.flowline.kubernetes.launch.KubernetesClients;
import dev.flowline.kubernetes.render.LabelValues;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code argo-workflows list [--all]}: the deployments of this flow in the namespace (with {@code
 * --all}, every Flowline deployment there), each with its flow, owner and, for {@code @Project}
 * flows, project and branch.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List this flow's deployments on Argo Workflows.")
public final class ListCommand implements Callable<Integer> {
  @ParentCommand ArgoWorkflowsCommand parent;

  @Option(names = "--all", description = "Every Flowline deployment in the namespace.")
  boolean all;

  @Override
  public Integer call() {
    var ctx = parent.context();
    String namespace = RunTargets.namespace(ctx);
    try (var client = KubernetesClients.connect(ctx.config().env())) {
      var ops = client.genericKubernetesResources(ArgoResources.TEMPLATES).inNamespace(namespace);
      var items =
          (all
                  ? ops.withLabel("app.kubernetes.io/part-of", "flowline")
                  : ops.withLabel(RunTargets.FLOW_LABEL, LabelValues.safe(ctx.flow().name())))
              .list()
              .getItems();
      if (items.isEmpty()) {
        ctx.err()
            .println(
                "No deployments of "
                    + (all ? "any flow" : ctx.flow().name())
                    + " in namespace \""
                    + namespace
                    + "\". Deploy one with: argo-workflows create");
      }
      for (var t : items) {
        Map<String, String> a =
            t.getMetadata().getAnnotations() == null ? Map.of() : t.getMetadata().getAnnotations();
        StringBuilder line = new StringBuilder(t.getMetadata().getName());
        line.append("  flow=").append(a.getOrDefault("flowline.dev/flow", "?"));
        line.append("  owner=").append(a.getOrDefault("flowline.dev/owner", "?"));
        if (a.containsKey("flowline.dev/project")) {
          line.append("  project=").append(a.get("flowline.dev/project"));
          line.append("  branch=").append(a.get("flowline.dev/branch"));
        }
        ctx.out().println(line);
      }
      ctx.out().flush();
      ctx.err().flush();
      return 0;
    }
  }
}
