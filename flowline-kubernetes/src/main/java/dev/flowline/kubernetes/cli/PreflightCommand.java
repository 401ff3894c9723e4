package dev.flowline.kubernetes.cli;

import dev.flowline.cli.DatastoreSelection;
import dev.flowline.config.Config;
import dev.flowline.config.ConfigException;
import dev.flowline.config.Problem;
import dev.flowline.kubernetes.KubernetesPreflight;
import dev.flowline.kubernetes.KubernetesStepSettings;
import dev.flowline.kubernetes.preflight.ClusterPreflight;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.model.DecoratorRegistry;
import dev.flowline.model.DecoratorSpecException;
import dev.flowline.model.FlowModel;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code kubernetes preflight [--with SPEC]... [--datastore KIND] [--datastore-root ROOT]
 * [--context NAME]}: everything {@code run} checks before it submits a Job ({@link
 * KubernetesPreflight}: settings and the shared datastore), then every Kubernetes step against the
 * cluster ({@link ClusterPreflight}). Exit code 0 when a run could start, 2 with every problem
 * listed when it could not; nothing is created.
 */
@Command(
    name = "preflight",
    mixinStandardHelpOptions = true,
    description =
        "Check the flow's Kubernetes steps against the cluster (namespace, service account,"
            + " secrets, volume claims, quota, nodes, permissions) without submitting anything."
            + " Exit code 2 with every problem when there is any.")
public final class PreflightCommand implements Callable<Integer> {
  @ParentCommand KubernetesCommand parent;

  @Option(
      names = "--with",
      paramLabel = "SPEC",
      description =
          "Add a decorator to every step, as run does, e.g. --with kubernetes (repeatable).")
  List<String> with = new ArrayList<>();

  @Mixin DatastoreSelection datastoreSelection = new DatastoreSelection();

  @Mixin ClusterOptions cluster = new ClusterOptions();

  @Override
  public Integer call() {
    var ctx = parent.context();
    var err = ctx.err();
    FlowModel flow;
    try {
      flow = ctx.flow().withDecorators(with, DecoratorRegistry.load(getClass().getClassLoader()));
    } catch (DecoratorSpecException e) {
      return KubernetesCommand.usage(err, e.getMessage());
    }
    var steps = KubernetesPreflight.kubernetesSteps(flow);
    if (steps.isEmpty()) {
      return KubernetesCommand.usage(
          err,
          "kubernetes preflight: no step of "
              + flow.name()
              + " runs on Kubernetes, so there is nothing to check. Give --with kubernetes to"
              + " check every step as 'run --with kubernetes' would run it, or add @Kubernetes to"
              + " a step.");
    }
    Config config = CommandConfig.withDatastore(ctx.config(), datastoreSelection);
    Map<String, KubernetesStepSettings> settings;
    try {
      settings = new KubernetesPreflight(CommandConfig.settings(config)).resolve(flow, steps);
    } catch (ConfigException e) {
      return KubernetesCommand.usage(
          err, e.getMessage() + "\nNothing was checked against the cluster.");
    }
    ClusterPreflight.Report report;
    String server;
    try (var client = cluster.connect(config)) {
      server = String.valueOf(client.getMasterUrl());
      var model = flow;
      var gangs = settings.keySet().stream().filter(s -> model.step(s).isGang()).toList();
      report =
          new ClusterPreflight(client)
              .withGangs(gangs, JobSetRenderer.DEFAULT_API_VERSION)
              .inspect(settings);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      return KubernetesCommand.usage(err, "kubernetes preflight: " + e.getMessage());
    }
    report.notes().forEach(n -> err.println("note: " + n));
    if (!report.ok()) {
      err.print(problems(report.problems()));
      err.println("Nothing was submitted.");
      err.flush();
      return 2;
    }
    ctx.out().println(passed(settings, server));
    ctx.out().flush();
    err.flush();
    return 0;
  }

  /** {@code N cluster problem(s):} and one indented line per problem. */
  static String problems(List<Problem> problems) {
    var out = new StringBuilder();
    out.append(problems.size())
        .append(problems.size() == 1 ? " cluster problem:" : " cluster problems:")
        .append('\n');
    problems.forEach(p -> out.append("  - ").append(p.message()).append('\n'));
    return out.toString();
  }

  /** The success line: which steps were checked, in which namespaces, on which server. */
  static String passed(Map<String, KubernetesStepSettings> settings, String server) {
    var namespaces = new LinkedHashSet<String>();
    settings.values().forEach(s -> namespaces.add(s.namespace()));
    return "Cluster preflight passed: "
        + (settings.size() == 1 ? "step " : "steps ")
        + settings.keySet().stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "))
        + " in namespace"
        + (namespaces.size() == 1 ? " " : "s ")
        + namespaces.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "))
        + " on "
        + server
        + ".";
  }
}
