package dev.flowline.kubernetes.launch;

import dev.flowline.kubernetes.render.GangResources;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.runtime.AttemptListener;
import dev.flowline.runtime.GangEnvironment;
import dev.flowline.runtime.TaskAttempt;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt of a gang on Kubernetes: its nodes as the runtime hands them over one by one, then
 * the JobSet and Service they run as ({@link JobSetRenderer}), and one {@link Tracked} per node
 * whose pod, events and end are followed as a single Job's are. The JobSet controller names the
 * control node's Job {@code <jobset>-control-0} and the workers' Indexed Job {@code
 * <jobset>-worker-0}; a worker pod's node index is {@code 1 +} its completion index. Touched by the
 * coordinator thread only.
 */
final class GangLaunch {
  /** The Job controller's label (and annotation) with an Indexed Job's pod's index. */
  static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  /**
   * How long the other nodes of a failed gang may take to end once it is stopped, before they are
   * reported stopped anyway.
   */
  static final long STOP_GRACE_NANOS = 60_000_000_000L;

  /**
   * A node handed over by the runtime.
   *
   * @param attempt the node's attempt
   * @param listener where its progress goes
   */
  record Node(TaskAttempt attempt, AttemptListener listener) {}

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Node[] arrived;
  private int count;
  final String key;
  GangResources resources;
  Tracked[] nodes;
  String namespace;
  private final Map<String, Integer> nodeOfPod = new HashMap<>();

  /** The node that failed first, or -1. */
  int failedNode = -1;

  /** When the gang started stopping (System.nanoTime), or 0. */
  long stoppingSince;

  /** Whether the JobSet was ended (stopped or deleted) by the launcher. */
  boolean terminated;

  private GangLaunch(String key, int numNodes) {
    this.key = key;
    this.arrived = new Node[numNodes];
  }

  /**
   * The gang {@code attempt} is a node of: its key (step, control task id, attempt), its size and
   * node index, from the gang's variables the runtime put in the attempt's environment.
   *
   * @throws IllegalArgumentException when they are missing
   */
  static GangLaunch forAttempt(TaskAttempt attempt, Map<String, GangLaunch> open) {
    var env = attempt.environment();
    var place = GangEnvironment.read(env, attempt.spec().stepName());
    String key = key(attempt.spec().stepName(), place.controlTaskId(), attempt.spec().attempt());
    return open.computeIfAbsent(key, k -> new GangLaunch(k, place.numNodes()));
  }

  static String key(String step, String controlTaskId, int attempt) {
    return step + "/" + controlTaskId + "/" + attempt;
  }

  /** Takes in a node; whether every node has arrived. */
  boolean arrive(TaskAttempt attempt, AttemptListener listener) {
    int index = GangEnvironment.read(attempt.environment(), attempt.spec().stepName()).nodeIndex();
    if (arrived[index] == null) {
      count++;
    }
    arrived[index] = new Node(attempt, listener);
    return count == arrived.length;
  }

  /** The nodes handed over, by node index (null for a node not handed over yet). */
  List<Node> arrived() {
    return java.util.Arrays.asList(arrived);
  }

  /**
   * The Job the JobSet controller makes from replicated job {@code replicated} ({@link
   * JobSetRenderer#CONTROL} or {@link JobSetRenderer#WORKER}): its name, namespace and template,
   * until the watch shows the real one.
   */
  @SuppressWarnings("unchecked")
  Job job(String replicated) {
    var spec = (Map<String, Object>) resources.jobSet().getAdditionalProperties().get("spec");
    for (var rj : (List<Map<String, Object>>) spec.get("replicatedJobs")) {
      if (replicated.equals(rj.get("name"))) {
        var template = SERIALIZATION.convertValue(rj.get("template"), JobTemplateSpec.class);
        return new JobBuilder()
            .withNewMetadata()
            .withName(jobSetName() + "-" + replicated + "-0")
            .withNamespace(resources.jobSet().getMetadata().getNamespace())
            .withLabels(template.getMetadata().getLabels())
            .withAnnotations(template.getMetadata().getAnnotations())
            .endMetadata()
            .withSpec(template.getSpec())
            .build();
      }
    }
    throw new IllegalStateException("the JobSet has no replicated job '" + replicated + "'");
  }

  int size() {
    return arrived.length;
  }

  String jobSetName() {
    return resources.jobSet().getMetadata().getName();
  }

  /** The Job the JobSet controller makes for the control node. */
  String controlJob() {
    return jobSetName() + "-" + JobSetRenderer.CONTROL + "-0";
  }

  /** The Indexed Job the JobSet controller makes for the workers. */
  String workerJob() {
    return jobSetName() + "-" + JobSetRenderer.WORKER + "-0";
  }

  /** The nodes an update about Job {@code update.jobName()} concerns. */
  List<Tracked> concerned(RunWatch.Update update) {
    boolean control = update.jobName().equals(controlJob());
    if (update.pod() != null) {
      return nodeOf(update.pod(), control).map(i -> List.of(nodes[i])).orElse(List.of());
    }
    if (update.event() != null && "Pod".equals(update.event().getInvolvedObject().getKind())) {
      Integer i = nodeOfPod.get(update.event().getInvolvedObject().getName());
      return i == null ? List.of() : List.of(nodes[i]);
    }
    var out = new ArrayList<Tracked>();
    for (int i = control ? 0 : 1; i < (control ? 1 : nodes.length); i++) {
      out.add(nodes[i]);
    }
    return out;
  }

  /** The node index of {@code pod}, a pod of the control Job or of the workers' Job. */
  private Optional<Integer> nodeOf(Pod pod, boolean control) {
    String name = pod.getMetadata().getName();
    Integer known = nodeOfPod.get(name);
    if (known != null) {
      return Optional.of(known);
    }
    int index;
    if (control) {
      index = 0;
    } else {
      String completion =
          Optional.ofNullable(pod.getMetadata().getLabels())
              .map(l -> l.get(COMPLETION_INDEX))
              .or(
                  () ->
                      Optional.ofNullable(pod.getMetadata().getAnnotations())
                          .map(a -> a.get(COMPLETION_INDEX)))
              .orElse(null);
      if (completion == null) {
        return Optional.empty();
      }
      try {
        index = 1 + Integer.parseInt(completion);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (index >= nodes.length) {
        return Optional.empty();
      }
    }
    nodeOfPod.put(name, index);
    return Optional.of(index);
  }

  /** Whether a node failed and the others are being stopped. */
  boolean stopping() {
    return stoppingSince != 0;
  }

  /** Whether every node reported its end. */
  boolean allFinished() {
    for (Tracked t : nodes) {
      if (!t.finished) {
        return false;
      }
    }
    return true;
  }

  /** Why a node other than the failed one was stopped. */
  String stoppedReason() {
    return failedNode >= 0
        ? "stopped: node " + failedNode + " of its gang of " + nodes.length + " failed"
        : "stopped";
  }
}
