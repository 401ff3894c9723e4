package dev.flowline.kubernetes.cli;

import dev.flowline.cli.DatastoreSelection;
import dev.flowline.cli.FlowContext;
import dev.flowline.cli.RunLookup;
import dev.flowline.cli.UsageException;
import dev.flowline.config.ConfigException;
import dev.flowline.config.Settings;
import dev.flowline.kubernetes.KubernetesPreflight;
import dev.flowline.kubernetes.StepSettingsResolver;
import dev.flowline.kubernetes.config.KubernetesOptions;
import dev.flowline.runtime.RunStore;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Which run {@code kubernetes list} and {@code kill} concern, and where they look: {@code --run-id}
 * (default: the flow's latest run in the datastore, as {@code resume} and {@code tag} find it) and
 * {@code --namespace} (default: {@code METAFLOW_KUBERNETES_NAMESPACE} and every namespace a step of
 * the flow sets with {@code @Kubernetes(namespace)}).
 */
final class RunTarget {
  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description = "The run (default: the flow's latest run in the datastore).")
  String runId;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description =
          "Look only in this namespace (default: METAFLOW_KUBERNETES_NAMESPACE and the namespaces"
              + " the flow's steps set).")
  String namespace;

  /**
   * The run id: {@code --run-id}, else the latest run of the flow in the datastore of {@code
   * selection}.
   *
   * @throws UsageException when the flow has no run or the datastore cannot be opened
   */
  String runId(FlowContext ctx, DatastoreSelection selection, String command) {
    if (runId != null) {
      if (runId.isBlank()) {
        throw new UsageException(
            command + " --run-id: the value is empty. Give a run id, e.g. --run-id 42.");
      }
      return runId;
    }
    var config = CommandConfig.withDatastore(ctx.config(), selection);
    try (var store = RunStore.open(selection.kind().orElse(null), config, ctx.flow().name())) {
      return RunLookup.latest(store, command).id();
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new UsageException(
          command
              + ": the latest run of "
              + ctx.flow().name()
              + " cannot be found: "
              + e.getMessage()
              + " Give --run-id ID.",
          e);
    }
  }

  /**
   * The namespaces to look in.
   *
   * @throws UsageException when METAFLOW_KUBERNETES_NAMESPACE is invalid
   */
  List<String> namespaces(FlowContext ctx, Settings settings) {
    if (namespace != null) {
      return List.of(namespace);
    }
    var configured = settings.entry(KubernetesOptions.NAMESPACE);
    if (configured.problem().isPresent()) {
      throw new UsageException(configured.problem().get().message());
    }
    Set<String> out = new LinkedHashSet<>();
    out.add(configured.value().orElseThrow());
    var flow = ctx.flow();
    var resolver = new StepSettingsResolver(settings);
    for (var step : KubernetesPreflight.kubernetesSteps(flow)) {
      try {
        out.add(resolver.resolve(flow, step).namespace());
      } catch (ConfigException e) {
        // a step whose settings are invalid never ran on Kubernetes: no namespace of its to search
        continue;
      }
    }
    return List.copyOf(out);
  }
}
