package dev.flowline.argo.cli;

import dev.flowline.argo.compile.WorkflowTemplateCompiler;
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
    Map<String, String> waiting = new java.util.LinkedHashMap<>();
    try {
      while (true) {
        var w =
            client
                .genericKubernetesResources(ArgoResources.WORKFLOWS)
                .inNamespace(namespace)
                .withName(workflow)
                .get();
        String phase = phase(w);
        nodes(w)
            .forEach(
                n -> {
                  if ("Pending".equals(n.get("phase")) && n.get("message") != null) {
                    waiting.put(String.valueOf(n.get("id")), String.valueOf(n.get("message")));
                  }
                });
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
          failures(w, waiting).forEach(err::println);
          err.flush();
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
    // the pending watchdog's lines are about the run's other pods: on stderr, under its own name
    boolean watchdog = WorkflowTemplateCompiler.PENDING_WATCHDOG.equals(task);
    PrintWriter sink = watchdog ? err : out;
    String prefix =
        "["
            + (watchdog
                ? WorkflowTemplateCompiler.PENDING_WATCHDOG
                : step == null ? pod.getMetadata().getName() : step + "/" + task)
            + "] ";
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
        synchronized (sink) {
          sink.println(prefix + line);
          sink.flush();
        }
      }
    } catch (IOException | KubernetesClientException e) {
      synchronized (err) {
        err.println(prefix + "(its log could not be followed: " + e.getMessage() + ")");
        err.flush();
      }
    }
  }

  /** The nodes in a workflow's status. */
  static java.util.List<Map<?, ?>> nodes(GenericKubernetesResource w) {
    if (w == null
        || !(w.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("nodes") instanceof Map<?, ?> nodes)) {
      return java.util.List.of();
    }
    java.util.List<Map<?, ?>> out = new java.util.ArrayList<>();
    nodes.values().forEach(n -> out.add((Map<?, ?>) n));
    return out;
  }

  /**
   * One line per failed task of {@code w}: its step, Argo's message, and for Argo's {@code timeout}
   * (the pending timeout) what the pod was waiting for, as the controller last reported it ({@code
   * waiting}: node id to message, collected while following).
   */
  static java.util.List<String> failures(GenericKubernetesResource w, Map<String, String> waiting) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (Map<?, ?> n : nodes(w)) {
      if (!"Pod".equals(n.get("type"))) {
        continue;
      }
      String reason = waiting.get(String.valueOf(n.get("id")));
      if (Set.of("Pending", "Running").contains(String.valueOf(n.get("phase")))) {
        out.add(
            "step "
                + n.get("templateName")
                + " ("
                + n.get("displayName")
                + ") was still "
                + n.get("phase")
                + " when the workflow ended"
                + (reason == null ? "" : "; it was waiting: " + reason));
        continue;
      }
      if (!Set.of("Failed", "Error").contains(String.valueOf(n.get("phase")))) {
        continue;
      }
      String message = String.valueOf(n.get("message"));
      String line =
          "step "
              + n.get("templateName")
              + " ("
              + n.get("displayName")
              + ") "
              + String.valueOf(n.get("phase")).toLowerCase(java.util.Locale.ROOT)
              + ": "
              + message;
      if (message.equals("timeout")) {
        line +=
            ": its pod was still Pending (not scheduled, or its image not pulled) when the step's"
                + " pendingTimeout plus its time limit had passed (Argo's template timeout)"
                + (reason == null ? "" : "; it was waiting: " + reason)
                + ". Fix what it waits for, or raise pendingTimeout (@Kubernetes(pendingTimeout),"
                + " --with kubernetes:pendingTimeout=SECONDS, METAFLOW_KUBERNETES_PENDING_TIMEOUT).";
      }
      out.add(line);
    }
    return out;
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
