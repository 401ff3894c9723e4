package dev.flowline.kubernetes.cli;

import dev.flowline.config.Config;
import dev.flowline.kubernetes.launch.KubernetesClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.HashMap;
import picocli.CommandLine.Option;

/**
 * {@code --context NAME}, for the commands that talk to the cluster: they connect as the launcher
 * does ({@link KubernetesClients}: {@code KUBECONFIG} from the environment, its current context),
 * with this context instead when given.
 */
final class ClusterOptions {
  @Option(
      names = "--context",
      paramLabel = "NAME",
      description =
          "The kubeconfig context to use instead of the current one (also"
              + " FLOWLINE_KUBERNETES_CONTEXT).")
  String context;

  /**
   * A client for the cluster of {@code config}'s environment.
   *
   * @throws IllegalArgumentException when the context does not exist
   * @throws java.io.UncheckedIOException when the kubeconfig cannot be read
   */
  KubernetesClient connect(Config config) {
    var env = new HashMap<>(config.env());
    if (context != null && !context.isBlank()) {
      env.put(KubernetesClients.CONTEXT_VARIABLE, context);
    }
    return KubernetesClients.connect(env);
  }
}
