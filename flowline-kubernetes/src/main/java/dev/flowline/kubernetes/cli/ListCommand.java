package dev.flowline.kubernetes.cli;

import dev.flowline.cli.DatastoreSelection;
import dev.flowline.cli.UsageException;
import dev.flowline.kubernetes.launch.RunObjects;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kubernetes list [--run-id ID] [-n NS] [-o table|json] [--context NAME]}: the run's Jobs
 * and pods, one row per pod (or Job without pod) with step, task, attempt, phase, reason, node and
 * age; when the flow has a gang, its JobSets too, each followed by its nodes' pods. Exit code 0
 * (also when the run has none), 1 when the cluster refuses, 2 on bad usage.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "List the Kubernetes Jobs, JobSets (gangs) and pods of a run (default: the latest) with"
            + " their task, phase, reason, node and age.")
public final class ListCommand implements Callable<Integer> {
  /** Output formats. */
  public enum Format {
    /** An aligned table. */
    table,
    /** JSON. */
    json
  }

  @ParentCommand KubernetesCommand parent;

  @Mixin RunTarget target = new RunTarget();

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  Format output;

  @Mixin DatastoreSelection datastoreSelection = new DatastoreSelection();

  @Mixin ClusterOptions cluster = new ClusterOptions();

  @Override
  public Integer call() {
    var ctx = parent.context();
    String flow = ctx.flow().name();
    String runId;
    List<String> namespaces;
    try {
      runId = target.runId(ctx, datastoreSelection, "kubernetes list");
      namespaces = target.namespaces(ctx, CommandConfig.settings(ctx.config()));
    } catch (UsageException e) {
      return KubernetesCommand.usage(ctx.err(), e.getMessage());
    }
    RunObjects objects;
    try (var client = cluster.connect(ctx.config())) {
      objects = RunObjects.find(client, namespaces, flow, runId, jobSetApi(ctx.flow()));
    } catch (IllegalArgumentException | UncheckedIOException e) {
      return KubernetesCommand.usage(ctx.err(), "kubernetes list: " + e.getMessage());
    } catch (KubernetesClientException e) {
      return KubernetesCommand.failed(ctx.err(), e, "list the Jobs of run " + runId);
    }
    var rows = RunListing.rows(objects);
    var now = Instant.now();
    if (output == Format.json) {
      ctx.out().print(RunListing.json(flow, runId, namespaces, rows, now));
    } else if (rows.isEmpty()) {
      ctx.out()
          .println(
              "Run "
                  + runId
                  + " of "
                  + flow
                  + " has no Jobs in "
                  + KubernetesCommand.namespaces(namespaces)
                  + ".");
    } else {
      ctx.out().print(RunListing.table(rows, now));
    }
    ctx.out().flush();
    return 0;
  }

  /**
   * The JobSet API to look for a run's gangs in, when the flow has a gang ({@code @Parallel} step):
   * its attempts on Kubernetes are JobSets.
   */
  static Optional<String> jobSetApi(FlowModel flow) {
    return flow.steps().stream().anyMatch(StepModel::isGang)
        ? Optional.of(JobSetRenderer.DEFAULT_API_VERSION)
        : Optional.empty();
  }
}
