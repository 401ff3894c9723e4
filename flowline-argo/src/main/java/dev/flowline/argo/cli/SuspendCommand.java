package dev.flowline.argo.cli;

import dev.flowline.kubernetes.launch.KubernetesClients;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code argo-workflows suspend RUN_ID}: Argo starts no new task of the run until {@code unsuspend}
 * (tasks already running go on). Sent as a merge patch of {@code spec.suspend} alone.
 */
@Command(
    name = "suspend",
    mixinStandardHelpOptions = true,
    description = "Suspend a run on Argo Workflows (no new tasks start).")
public final class SuspendCommand implements Callable<Integer> {
  @ParentCommand ArgoWorkflowsCommand parent;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id (the workflow's name).")
  String runId;

  @Override
  public Integer call() {
    return patch(parent, runId, true);
  }

  /** Sets the run's {@code spec.suspend}; the exit code. */
  static int patch(ArgoWorkflowsCommand parent, String runId, boolean suspend) {
    var ctx = parent.context();
    String what = suspend ? "suspend" : "unsuspend";
    String namespace = RunTargets.namespace(ctx);
    try (var client = KubernetesClients.connect(ctx.config().env())) {
      var found = RunTargets.find(ctx, client, namespace, runId);
      if (found.workflow().isEmpty()) {
        return ArgoWorkflowsCommand.usage(
            ctx.err(), "argo-workflows " + what + ": " + found.problem());
      }
      client
          .genericKubernetesResources(ArgoResources.WORKFLOWS)
          .inNamespace(namespace)
          .withName(runId)
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"spec\":{\"suspend\":" + (suspend ? "true" : "null") + "}}");
    }
    ctx.err()
        .println(
            "Run " + ctx.flow().name() + "/" + runId + (suspend ? " suspended." : " resumed."));
    ctx.err().flush();
    return 0;
  }
}
