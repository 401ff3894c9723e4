package dev.flowline.kubernetes.launch;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes client of a run, configured as {@code kubectl} would be: the first file of {@code
 * KUBECONFIG} from the run's environment (else {@code ~/.kube/config}, else the in-cluster service
 * account), with its current context unless {@value #CONTEXT_VARIABLE} names another.
 */
public final class KubernetesClients {
  /** Names the kubeconfig context to use instead of the current one. */
  public static final String CONTEXT_VARIABLE = "FLOWLINE_KUBERNETES_CONTEXT";

  private KubernetesClients() {}

  /** A client for {@code env} (the run's environment). */
  public static KubernetesClient connect(Map<String, String> env) {
    return new KubernetesClientBuilder().withConfig(config(env)).build();
  }

  /**
   * The client configuration for {@code env}.
   *
   * @throws IllegalArgumentException when the kubeconfig is not valid, or when {@value
   *     #CONTEXT_VARIABLE} names a context it does not have (fabric8 would silently use the current
   *     one, which may be another cluster)
   * @throws UncheckedIOException when the kubeconfig named by {@code KUBECONFIG} cannot be read
   */
  public static Config config(Map<String, String> env) {
    String context = blankToNull(env.get(CONTEXT_VARIABLE));
    String kubeconfig = blankToNull(env.get("KUBECONFIG"));
    if (kubeconfig == null) {
      return checked(Config.autoConfigure(context), context, "~/.kube/config");
    }
    Path file = Path.of(kubeconfig.split(File.pathSeparator)[0]);
    try {
      String text = Files.readString(file);
      Config config;
      try {
        config = Config.fromKubeconfig(context, text, file.toString());
      } catch (RuntimeException e) {
        // fabric8 lets the YAML parser's or Jackson's exception through
        throw new IllegalArgumentException(
            "the kubeconfig "
                + file
                + " named by KUBECONFIG is not a valid kubeconfig: "
                + e.getMessage().strip().replaceAll("\\s*\\n\\s*", " ")
                + ". Fix it, or point KUBECONFIG at another (kubectl config view shows yours).",
            e);
      }
      return checked(config, context, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the kubeconfig "
              + file
              + " named by KUBECONFIG: "
              + e.getMessage()
              + ". Point KUBECONFIG at a readable kubeconfig file (kubectl config view shows"
              + " yours).",
          e);
    }
  }

  private static Config checked(Config config, String context, String where) {
    if (context == null) {
      return config;
    }
    var current = config.getCurrentContext();
    if (current != null && context.equals(current.getName())) {
      return config;
    }
    List<String> known =
        config.getContexts() == null
            ? List.of()
            : config.getContexts().stream().map(NamedContext::getName).toList();
    throw new IllegalArgumentException(
        "the kubeconfig "
            + where
            + " has no context \""
            + context
            + "\""
            + (known.isEmpty() ? "" : "; its contexts: " + String.join(", ", known))
            + ". Give one of them (kubectl config get-contexts lists them).");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
