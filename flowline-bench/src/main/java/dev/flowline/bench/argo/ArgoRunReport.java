package dev.flowline.bench.argo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flowline.bench.kubernetes.Percentiles;
import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Task;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Argo benchmark ({@code scripts/argo.sh}) reports about runs started by {@code
 * argo-workflows trigger}: for each run, from the moment the trigger command started, when its
 * Workflow was created, when the start task's pod was created and its main container started
 * (Kubernetes' timestamps, whole seconds) and when the start task's attempt began (the step
 * command's record in the datastore, milliseconds, after the code package fetch and the task JVM's
 * start: the moment the step's method is about to run); the Workflow's own start, end and phase.
 * With {@code --check STEP:ARTIFACT}, also that every task of STEP succeeded and that its artifact
 * loads from the datastore.
 *
 * <pre>
 * java -cp ... dev.flowline.bench.argo.ArgoRunReport --kubeconfig K --namespace NS --flow F
 *     --runs FILE [--check STEP:ARTIFACT]
 * </pre>
 *
 * FILE has one line per run: {@code RUN_ID TRIGGER_START_EPOCH_MILLIS}. The datastore is the one
 * the environment configures, as for {@code bin/flowline}. Prints JSON.
 */
public final class ArgoRunReport {
  private ArgoRunReport() {}

  /** Entry point; see the class description. */
  public static void main(String[] args) throws IOException {
    String kubeconfig = null;
    String namespace = null;
    String flow = null;
    Path runs = null;
    String check = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--kubeconfig" -> kubeconfig = args[++i];
        case "--namespace" -> namespace = args[++i];
        case "--flow" -> flow = args[++i];
        case "--runs" -> runs = Path.of(args[++i]);
        case "--check" -> check = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    var config =
        io.fabric8.kubernetes.client.Config.fromKubeconfig(Files.readString(Path.of(kubeconfig)));
    var report = new LinkedHashMap<String, Object>();
    var perRun = new ArrayList<Map<String, Object>>();
    try (var kube = new KubernetesClientBuilder().withConfig(config).build();
        var client = FlowlineClient.fromEnvironment().withNamespace(null)) {
      for (String line : Files.readAllLines(runs)) {
        if (line.isBlank()) {
          continue;
        }
        String[] words = line.trim().split("\\s+");
        var run = client.flow(flow).run(words[0]);
        perRun.add(
            runTimes(kube, namespace, run, Long.parseLong(words[1]), check == null ? null : check));
      }
    }
    report.put("runs", perRun);
    var stats = new LinkedHashMap<String, Object>();
    for (String key :
        List.of(
            "triggerToWorkflowCreatedS",
            "triggerToStartPodCreatedS",
            "triggerToStartContainerS",
            "triggerToStartAttemptS",
            "workflowWallS")) {
      stats.put(
          key,
          Percentiles.of(
                  perRun.stream()
                      .map(r -> r.get(key))
                      .filter(v -> v instanceof Double)
                      .map(v -> (Double) v)
                      .toList())
              .summary());
    }
    report.put("stats", stats);
    System.out.println(
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
  }

  private static Map<String, Object> runTimes(
      KubernetesClient kube, String namespace, dev.flowline.client.Run run, long t0, String check) {
    var r = new LinkedHashMap<String, Object>();
    r.put("run", run.id());
    r.put("successful", run.successful());
    GenericKubernetesResource wf =
        kube.genericKubernetesResources("argoproj.io/v1alpha1", "Workflow")
            .inNamespace(namespace)
            .withName(run.id())
            .get();
    if (wf != null) {
      Instant created = Instant.parse(wf.getMetadata().getCreationTimestamp());
      r.put("triggerToWorkflowCreatedS", seconds(t0, created));
      if (wf.getAdditionalProperties().get("status") instanceof Map<?, ?> st) {
        r.put("phase", st.get("phase"));
        if (st.get("startedAt") instanceof String s && st.get("finishedAt") instanceof String f) {
          r.put(
              "workflowWallS",
              (Instant.parse(f).toEpochMilli() - Instant.parse(s).toEpochMilli()) / 1000.0);
        }
      }
    }
    Task start = run.step("start").task();
    var attempts = start.attempts();
    if (!attempts.isEmpty()) {
      var first = attempts.get(0);
      r.put("triggerToStartAttemptS", seconds(t0, first.startedAt()));
      String podName = first.info().get("kubernetes-pod-name");
      Pod pod = podName == null ? null : kube.pods().inNamespace(namespace).withName(podName).get();
      if (pod != null) {
        r.put(
            "triggerToStartPodCreatedS",
            seconds(t0, Instant.parse(pod.getMetadata().getCreationTimestamp())));
        pod.getStatus().getContainerStatuses().stream()
            .filter(c -> c.getName().equals("main"))
            .findFirst()
            .map(ArgoRunReport::containerStarted)
            .ifPresent(s -> r.put("triggerToStartContainerS", seconds(t0, s)));
      }
    }
    if (check != null) {
      String step = check.substring(0, check.indexOf(':'));
      String artifact = check.substring(check.indexOf(':') + 1);
      int tasks = 0;
      int successful = 0;
      int loaded = 0;
      var problems = new ArrayList<String>();
      for (Task t : run.step(step).tasks()) {
        tasks++;
        if (t.successful()) {
          successful++;
        }
        try {
          if (t.data().get(artifact) != null) {
            loaded++;
          }
        } catch (RuntimeException e) {
          if (problems.size() < 5) {
            problems.add(t.pathspec() + ": " + e.getMessage());
          }
        }
      }
      r.put(
          "check",
          Map.of(
              "step",
              step,
              "artifact",
              artifact,
              "tasks",
              tasks,
              "successful",
              successful,
              "artifactLoaded",
              loaded,
              "problems",
              problems));
    }
    return r;
  }

  private static Instant containerStarted(ContainerStatus c) {
    var state = c.getState();
    if (state.getRunning() != null && state.getRunning().getStartedAt() != null) {
      return Instant.parse(state.getRunning().getStartedAt());
    }
    if (state.getTerminated() != null && state.getTerminated().getStartedAt() != null) {
      return Instant.parse(state.getTerminated().getStartedAt());
    }
    return null;
  }

  private static double seconds(long t0, Instant at) {
    return (at.toEpochMilli() - t0) / 1000.0;
  }
}
