package dev.flowline.argo.cli;

import dev.flowline.kubernetes.launch.KubernetesClients;
import dev.flowline.metadata.RunStatus;
import dev.flowline.runtime.RunStore;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code argo-workflows terminate RUN_ID}: stops the run's workflow now (Argo's {@code shutdown:
 * Terminate}, sent as a merge patch of that one field, not a rewrite of the spec read before) and
 * records the run as failed, since Argo runs no exit hook for a terminated workflow.
 */
@Command(
    name = "terminate",
    mixinStandardHelpOptions = true,
    description = "Terminate a run started on Argo Workflows.")
public final class TerminateCommand implements Callable<Integer> {
  @ParentCommand ArgoWorkflowsCommand parent;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id (the workflow's name).")
  String runId;

  @Override
  public Integer call() throws IOException {
    var ctx = parent.context();
    String namespace = RunTargets.namespace(ctx);
    try (var client = KubernetesClients.connect(ctx.config().env())) {
      var found = RunTargets.find(ctx, client, namespace, runId);
      if (found.workflow().isEmpty()) {
        return ArgoWorkflowsCommand.usage(
            ctx.err(), "argo-workflows terminate: " + found.problem());
      }
      String phase = WorkflowFollower.phase(found.workflow().get());
      if (phase.matches("Succeeded|Failed|Error")) {
        ctx.err()
            .println("Run " + ctx.flow().name() + "/" + runId + " already ended: " + phase + ".");
        ctx.err().flush();
        return 0;
      }
      client
          .genericKubernetesResources(ArgoResources.WORKFLOWS)
          .inNamespace(namespace)
          .withName(runId)
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"shutdown\":\"Terminate\"}}");
    }
    try (var store = RunStore.open(null, ctx.config(), ctx.flow().name())) {
      var run = store.metadata().run(ctx.flow().name(), runId);
      if (run.isPresent() && run.get().endedAt().isEmpty()) {
        store.metadata().finishRun(ctx.flow().name(), runId, RunStatus.FAILED);
      }
    }
    ctx.err().println("Run " + ctx.flow().name() + "/" + runId + " terminated.");
    ctx.err().flush();
    return 0;
  }
}
