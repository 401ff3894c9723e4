package dev.flowline.argo.cli;

import dev.flowline.argo.pending.PendingWatchdog;
import dev.flowline.kubernetes.launch.KubernetesClients;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The internal {@code argo-workflows watch-pending} command, what a deployed run's pending watchdog
 * runs (a daemon task of the run's DAG, stopped by Argo when the DAG ends): keeps the pending
 * timeout of the run's tasks ({@link PendingWatchdog}), with the pod's service account.
 */
@Command(
    name = "watch-pending",
    hidden = true,
    mixinStandardHelpOptions = true,
    description =
        "Internal: fail a deployed run's pods that wait longer than their pending timeout.")
public final class WatchPendingCommand implements Callable<Integer> {
  @ParentCommand ArgoWorkflowsCommand parent;

  @Option(names = "--workflow", required = true, description = "The run's workflow.")
  String workflow;

  @Option(names = "--namespace", required = true, description = "The run's namespace.")
  String namespace;

  @Option(
      names = "--interval",
      defaultValue = "5",
      description = "Seconds between looks at the Pending pods (default: ${DEFAULT-VALUE}).")
  long intervalSeconds;

  @Override
  public Integer call() throws InterruptedException {
    var err = parent.context().err();
    try (var client = KubernetesClients.connect(System.getenv())) {
      var self =
          Optional.ofNullable(System.getenv("METAFLOW_KUBERNETES_POD_NAME"))
              .filter(n -> !n.isBlank());
      new PendingWatchdog(client, namespace, workflow, err, Clock.systemUTC(), self)
          .run(Duration.ofSeconds(Math.max(1, intervalSeconds)));
    }
    return 0;
  }
}
