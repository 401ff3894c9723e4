package dev.flowline.argo.pending;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.kubernetes.preflight.AccessReview;
import dev.flowline.kubernetes.preflight.AccessReview.Permission;
import dev.flowline.kubernetes.render.MetadataFeature;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pending timeout of a deployed run's tasks, kept from outside Argo: Argo's own bound (a
 * template's {@code timeout}) is only checked when the controller next looks at the workflow, so a
 * run whose only unfinished task is Pending would wait forever, and a task with retries is not
 * bounded at all. The deployment runs this as a daemon task of the run's DAG (Argo stops it when
 * the DAG ends): it follows the run's pods (one informer, by the run label) and fails each step pod
 * that {@link PendingVerdict} says must not wait any longer, by setting its phase to {@code Failed}
 * with the diagnosis as its message (Argo then fails or retries the task with that message); a pod
 * already on a node is deleted after that, so that the node stops pulling or mounting for it.
 *
 * <p>Without the permissions it needs, it says which are missing and how to grant them, and then
 * only waits to be stopped: a daemon task that ends would be a failed task.
 */
public final class PendingWatchdog {
  /**
   * Flowline's label of a run's pods, the workflow's name for a deployed run: Argo's pods (steps,
   * gangs' resource templates, this watchdog) and the pods of the gangs' JobSets.
   */
  public static final String RUN_LABEL = MetadataFeature.RUN;

  /** Argo's label of a pod it no longer looks at. */
  public static final String COMPLETED_LABEL = "workflows.argoproj.io/completed";

  /** What the watchdog does with the run's pods and their events. */
  public static final List<Permission> REQUIRED =
      List.of(
          new Permission("get", "", "pods", ""),
          new Permission("list", "", "pods", ""),
          new Permission("watch", "", "pods", ""),
          new Permission("delete", "", "pods", ""),
          new Permission("patch", "", "pods", "status"),
          new Permission("list", "", "events", ""));

  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final String namespace;
  private final String workflow;
  private final PrintWriter log;
  private final Clock clock;
  private final Optional<String> ownPod;
  private final Set<String> failed = new HashSet<>();
  private final Map<String, String> lastProgress = new HashMap<>();
  private final Map<String, String> lastError = new HashMap<>();

  /**
   * For the pods of {@code workflow} in {@code namespace}; {@code log} gets one line per decision
   * and per change of what a pod waits for; {@code ownPod} is the watchdog's own pod, when known
   * (see {@link #run}).
   */
  public PendingWatchdog(
      KubernetesClient client,
      String namespace,
      String workflow,
      PrintWriter log,
      Clock clock,
      Optional<String> ownPod) {
    this.client = client;
    this.namespace = namespace;
    this.workflow = workflow;
    this.log = log;
    this.clock = clock;
    this.ownPod = ownPod;
  }

  /**
   * Follows the run's pods, looking at the Pending ones every {@code interval}, until the thread is
   * interrupted or Argo has labelled the watchdog's own pod completed ({@value #COMPLETED_LABEL}
   * {@code =true}: Argo does so once the run's DAG ended and it marked the daemon's task done, and
   * from then on no longer looks at the pod, so ending does not fail the task). Argo also stops a
   * daemon by signalling its container through {@code pods/exec}; ending by itself as well keeps
   * the pod from running on where that does not reach it.
   */
  public void run(Duration interval) throws InterruptedException {
    List<Permission> denied;
    try {
      denied = AccessReview.denied(client, namespace, REQUIRED);
    } catch (KubernetesClientException e) {
      denied = REQUIRED;
    }
    if (!denied.isEmpty()) {
      say(
          "flowline: the pending timeout of this run's tasks is not kept: the service account of"
              + " its pods may not "
              + AccessReview.describe(denied)
              + " in namespace "
              + namespace
              + ". Grant them with a Role bound to that service account (docs/argo.md, \"Pending"
              + " timeout\"); until then a task whose pod cannot start waits until the template's"
              + " timeout (pending timeout + time limit) when Argo next looks at the run.");
      while (true) {
        Thread.sleep(Long.MAX_VALUE);
      }
    }
    // the run's label: Argo's pods and those of its gangs' JobSets, which Argo does not label
    SharedIndexInformer<Pod> pods =
        client.pods().inNamespace(namespace).withLabel(RUN_LABEL, workflow).inform();
    try {
      while (true) {
        Thread.sleep(interval.toMillis());
        List<Pod> all = pods.getStore().list();
        if (ownPodCompleted(all)) {
          return;
        }
        try {
          check(all);
        } catch (RuntimeException e) {
          // one bad look must not end the watchdog (a daemon that ends is a failed task)
          say("flowline: pending watchdog: " + e);
        }
      }
    } finally {
      pods.close();
    }
  }

  private boolean ownPodCompleted(List<Pod> pods) {
    return ownPod
        .flatMap(
            name -> pods.stream().filter(p -> name.equals(p.getMetadata().getName())).findFirst())
        .map(p -> p.getMetadata().getLabels())
        .map(l -> "true".equals(l.get(COMPLETED_LABEL)))
        .orElse(false);
  }

  /** Looks at each of {@code pods} once (also what a test calls). */
  public void check(List<Pod> pods) {
    Instant now = clock.instant();
    for (Pod pod : pods) {
      String uid = pod.getMetadata().getUid();
      if (failed.contains(uid) || !PendingVerdict.pending(pod)) {
        lastProgress.remove(uid);
        lastError.remove(uid);
        continue;
      }
      try {
        look(pod, now);
      } catch (KubernetesClientException e) {
        String error =
            e.getCode()
                + " "
                + Optional.ofNullable(e.getStatus())
                    .map(s -> s.getMessage())
                    .orElse(e.getMessage());
        // once per pod and error, not every look
        if (!error.equals(lastError.put(uid, error))) {
          say("flowline: could not act on pod " + pod.getMetadata().getName() + ": " + error);
        }
      }
    }
  }

  private void look(Pod pod, Instant now) {
    String name = pod.getMetadata().getName();
    boolean onNode = pod.getSpec() != null && pod.getSpec().getNodeName() != null;
    Duration waited = PendingVerdict.waited(pod, now).orElse(Duration.ZERO);
    Duration timeout = PendingVerdict.timeout(pod).orElseThrow();
    Optional<PendingVerdict.Failure> verdict = PendingVerdict.of(pod, List.of(), now);
    // events only when a decision is near: they explain volume problems and refine the others
    List<Event> events =
        verdict.isPresent() || (onNode && waited.compareTo(timeout) >= 0)
            ? events(name)
            : List.of();
    if (!events.isEmpty()) {
      verdict = PendingVerdict.of(pod, events, now);
    }
    if (verdict.isEmpty()) {
      PendingVerdict.progress(pod, events)
          .filter(p -> !p.equals(lastProgress.get(pod.getMetadata().getUid())))
          .ifPresent(
              p -> {
                lastProgress.put(pod.getMetadata().getUid(), p);
                say("flowline: " + task(pod) + " " + p);
              });
      return;
    }
    var f = verdict.get();
    ObjectNode patch = JSON.createObjectNode();
    patch
        .putObject("status")
        .put("phase", "Failed")
        .put("reason", f.reason())
        .put("message", f.message());
    client
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    failed.add(pod.getMetadata().getUid());
    lastProgress.remove(pod.getMetadata().getUid());
    say("flowline: " + task(pod) + " failed: " + f.message());
    if (onNode) {
      client.pods().inNamespace(namespace).withName(name).delete();
    }
  }

  private List<Event> events(String pod) {
    return client
        .v1()
        .events()
        .inNamespace(namespace)
        .withField("involvedObject.name", pod)
        .list()
        .getItems();
  }

  /** {@code pod NAME (step STEP, task TASK, attempt N)} from the pod's annotations. */
  private static String task(Pod pod) {
    var a = pod.getMetadata().getAnnotations();
    return "pod "
        + pod.getMetadata().getName()
        + " (step "
        + a.getOrDefault(MetadataFeature.STEP, "?")
        + ", task "
        + a.getOrDefault(MetadataFeature.TASK, "?")
        + ", attempt "
        + a.getOrDefault(MetadataFeature.ATTEMPT, "?")
        + ")";
  }

  private void say(String line) {
    log.println(line);
    log.flush();
  }
}
