package dev.flowline.argo.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code argo-workflows unsuspend RUN_ID}: lets a suspended run start its next tasks again. */
@Command(
    name = "unsuspend",
    mixinStandardHelpOptions = true,
    description = "Resume a suspended run on Argo Workflows.")
public final class UnsuspendCommand implements Callable<Integer> {
  @ParentCommand ArgoWorkflowsCommand parent;

  @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id (the workflow's name).")
  String runId;

  @Override
  public Integer call() {
    return SuspendCommand.patch(parent, runId, false);
  }
}
