package dev.flowline.argo.cli;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Follows a workflow to its end: each of its pods' {@code main} container log is streamed to
 * standard output, each line prefixed with the pod's step, and the workflow's final phase is
 * returned.
 */
final class WorkflowFollower {
  private static final Set<String> ENDED = Set.of("Succeeded", "Failed", "Error");

  private final KubernetesClient client;
  private final String namespace;
  private final String workflow;
  private final PrintWriter out;
  private final PrintWriter err;

  WorkflowFollower(
      KubernetesClient client,
      String namespace,
      String workflow,
      PrintWriter out,
      PrintWriter err) {
    this.client = client;
    this.namespace = namespace;
    this.workflow = workflow;
    this.out = out;
    this.err = err;
  }

  /** The workflow's final phase ({@code Succeeded}, {@code Failed} or {@code Error}). */
  String follow() throws InterruptedException {
    Set<String> followed = new HashSet<>();
    ExecutorService logs =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "flowline-argo-log");
              t.setDaemon(true);
              return t;
            });
    try {
      while (true) {
        String phase =
            phase(
                client
                    .genericKubernetesResources(ArgoResources.WORKFLOWS)
                    .inNamespace(namespace)
                    .withName(workflow)
                    .get());
        for (Pod p : pods()) {
          String name = p.getMetadata().getName();
          boolean started =
              p.getStatus() != null
                  && p.getStatus().getPhase() != null
                  && !p.getStatus().getPhase().equals("Pending");
          if (started && followed.add(name)) {
            logs.submit(() -> stream(p));
          }
        }
        if (ENDED.contains(phase)) {
          logs.shutdown();
          logs.awaitTermination(30, TimeUnit.SECONDS);
          return phase;
        }
        Thread.sleep(1000);
      }
    } finally {
      logs.shutdownNow();
      out.flush();
    }
  }

  private java.util.List<Pod> pods() {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("workflows.argoproj.io/workflow", workflow)
        .list()
        .getItems();
  }

  private void stream(Pod pod) {
    String step =
        pod.getMetadata().getAnnotations() == null
            ? null
            : pod.getMetadata().getAnnotations().get("flowline.dev/step");
    String task =
        pod.getMetadata().getAnnotations() == null
            ? null
            : pod.getMetadata().getAnnotations().get("flowline.dev/task");
    String prefix = "[" + (step == null ? pod.getMetadata().getName() : step + "/" + task) + "] ";
    try (var log =
            client
                .pods()
                .inNamespace(namespace)
                .withName(pod.getMetadata().getName())
                .inContainer("main")
                .watchLog();
        var reader =
            new BufferedReader(new InputStreamReader(log.getOutput(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (out) {
          out.println(prefix + line);
          out.flush();
        }
      }
    } catch (IOException | KubernetesClientException e) {
      synchronized (err) {
        err.println(prefix + "(its log could not be followed: " + e.getMessage() + ")");
        err.flush();
      }
    }
  }

  /** The phase in a workflow's status, empty when it has none yet. */
  static String phase(GenericKubernetesResource w) {
    if (w == null || !(w.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return "";
    }
    Object phase = status.get("phase");
    return phase == null ? "" : phase.toString();
  }
}
