package dev.flowline.kubernetes.cli;

import dev.flowline.cli.FlowContext;
import dev.flowline.kubernetes.launch.ApiErrors;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * {@code kubernetes}: the flow's Kubernetes commands: {@code render} (a task's Job, no cluster),
 * {@code preflight} (the steps against the cluster), {@code list} and {@code kill} (a run's Jobs).
 */
@Command(
    name = "kubernetes",
    mixinStandardHelpOptions = true,
    description = "Kubernetes commands for this flow's steps.",
    subcommands = {
      RenderCommand.class,
      PreflightCommand.class,
      ListCommand.class,
      KillCommand.class
    })
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

  /** Prints {@code message} (a usage or configuration problem); exit code 2. */
  static int usage(PrintWriter err, String message) {
    err.println(message);
    err.flush();
    return 2;
  }

  /** Prints why the API server refused {@code action}, with a fix; exit code 1. */
  static int failed(PrintWriter err, KubernetesClientException e, String action) {
    err.println(ApiErrors.describe(e, action));
    err.flush();
    return 1;
  }

  /** {@code namespace "a"} or {@code namespaces "a", "b"}. */
  static String namespaces(List<String> namespaces) {
    return (namespaces.size() == 1 ? "namespace " : "namespaces ")
        + namespaces.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
  }
}
