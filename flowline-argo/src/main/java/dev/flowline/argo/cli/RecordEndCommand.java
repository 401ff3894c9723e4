package dev.flowline.argo.cli;

import dev.flowline.config.UserName;
import dev.flowline.metadata.NewRun;
import dev.flowline.metadata.RunStatus;
import dev.flowline.runtime.RunStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The internal {@code argo-workflows record-end} command, the deployment's exit hook: when the
 * workflow did not succeed, records the run as failed (the end task records a success), so that the
 * client and {@code dump} see how it ended. A run whose start task never ran is registered first.
 */
@Command(
    name = "record-end",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Internal: record how a deployed run ended (the workflow's exit hook).")
public final class RecordEndCommand implements Callable<Integer> {
  @ParentCommand ArgoWorkflowsCommand parent;

  @Option(names = "--run-id", required = true)
  String runId;

  @Option(names = "--status", required = true, description = "The workflow's status.")
  String status;

  @Override
  public Integer call() throws IOException {
    var ctx = parent.context();
    String flow = ctx.flow().name();
    ctx.err().println("Workflow " + runId + " ended: " + status);
    if (status.equals("Succeeded")) {
      return 0;
    }
    try (var store = RunStore.open(null, ctx.config(), flow)) {
      var run = store.metadata().run(flow, runId);
      if (run.isEmpty()) {
        store
            .metadata()
            .startRun(
                new NewRun(
                    flow,
                    runId,
                    UserName.of(ctx.config()),
                    List.of(),
                    List.of(TaskCommand.RUNTIME_TAG),
                    Map.of()));
      } else if (run.get().endedAt().isPresent()) {
        return 0;
      }
      store.metadata().finishRun(flow, runId, RunStatus.FAILED);
    }
    return 0;
  }
}
