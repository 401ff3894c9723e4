package dev.flowline.kubernetes.cli;

import dev.flowline.cli.FlowContext;
import picocli.CommandLine.Command;

/** {@code kubernetes}: the flow's Kubernetes commands. */
@Command(
    name = "kubernetes",
    mixinStandardHelpOptions = true,
    description = "Kubernetes commands for this flow's steps.",
    subcommands = {RenderCommand.class})
public final class KubernetesCommand {
  private final FlowContext context;

  /** Bound to the flow of {@code context}. */
  public KubernetesCommand(FlowContext context) {
    this.context = context;
  }

  /** The flow, configuration and streams. */
  FlowContext context() {
    return context;
  }
}
