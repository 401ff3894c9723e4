package dev.flowline.argo.cli;

import dev.flowline.cli.FlowContext;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * {@code argo-workflows}: deploys the flow to Argo Workflows ({@code create}; {@code diff} shows
 * what it would change), starts and follows runs of the deployment ({@code trigger}, {@code
 * status}, {@code list}, {@code terminate}) and removes it ({@code delete}). {@code task}, {@code
 * record-end} and {@code watch-pending} are what the deployed pods run.
 */
@Command(
    name = "argo-workflows",
    mixinStandardHelpOptions = true,
    description = "Deploy this flow to Argo Workflows and run the deployment.",
    subcommands = {
      CreateCommand.class,
      DiffCommand.class,
      TriggerCommand.class,
      StatusCommand.class,
      ListCommand.class,
      SuspendCommand.class,
      UnsuspendCommand.class,
      TerminateCommand.class,
      DeleteCommand.class,
      PublishCommand.class,
      TaskCommand.class,
      RecordEndCommand.class,
      WatchPendingCommand.class
    })
public final class ArgoWorkflowsCommand {
  private final FlowContext context;

  /** Bound to the flow of {@code context}. */
  public ArgoWorkflowsCommand(FlowContext context) {
    this.context = context;
  }

  /** The flow, configuration and streams. */
  FlowContext context() {
    return context;
  }

  /** Prints {@code message} (a usage or configuration problem); exit code 2. */
  static int usage(PrintWriter err, String message) {
    err.println(message);
    err.flush();
    return 2;
  }
}
