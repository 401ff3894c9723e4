package dev.flowline.argo.cli;

import dev.flowline.kubernetes.launch.KubernetesClients;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code argo-workflows status RUN_ID}: the run's workflow phase, then each task's pod with its
 * phase, as Argo reports them.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show the status of a run started on Argo Workflows.")
public final class StatusCommand implements Callable<Integer> {
  @ParentCommand ArgoWorkflowsCommand parent;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id (the workflow's name).")
  String runId;

  @Override
  public Integer call() {
    var ctx = parent.context();
    String namespace = RunTargets.namespace(ctx);
    try (var client = KubernetesClients.connect(ctx.config().env())) {
      var found = RunTargets.find(ctx, client, namespace, runId);
      if (found.workflow().isEmpty()) {
        return ArgoWorkflowsCommand.usage(ctx.err(), "argo-workflows status: " + found.problem());
      }
      var wf = found.workflow().get();
      String phase = WorkflowFollower.phase(wf);
      if (wf.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec
          && Boolean.TRUE.equals(spec.get("suspend"))) {
        phase = (phase.isEmpty() ? "Pending" : phase) + " (suspended)";
      }
      ctx.out()
          .println(
              "Run "
                  + ctx.flow().name()
                  + "/"
                  + runId
                  + ": "
                  + (phase.isEmpty() ? "Pending" : phase));
      if (wf.getAdditionalProperties().get("status") instanceof Map<?, ?> status
          && status.get("nodes") instanceof Map<?, ?> nodes) {
        Map<String, String> pods = new TreeMap<>();
        for (Object n : nodes.values()) {
          if (n instanceof Map<?, ?> node && "Pod".equals(node.get("type"))) {
            pods.put(String.valueOf(node.get("displayName")), String.valueOf(node.get("phase")));
          }
        }
        pods.forEach((name, p) -> ctx.out().println("  " + name + ": " + p));
      }
      ctx.out().flush();
      return 0;
    }
  }
}
