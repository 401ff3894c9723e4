package dev.flowline.kubernetes.render;

import dev.flowline.runtime.GangEnvironment;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpecBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders one attempt of a gang ({@code next(this::train, parallel(n))}) as a JobSet plus a
 * headless Service ({@link GangResources}). The step's pod template is {@link JobRenderer}'s, with
 * the same features; the gang adds, beside the pod and never through a pod feature:
 *
 * <ul>
 *   <li>a replicated job {@code control} (1 pod, node 0, the attempt's task id) and one {@code
 *       worker} (an Indexed Job of n-1 pods: node {@code 1 + JOB_COMPLETION_INDEX}, task id control
 *       + node index, both computed by the container script from the Job's completion index);
 *   <li>the {@code MF_*} variables of {@link GangEnvironment} (the control address is the control
 *       pod's stable host name {@code <jobset>-control-0-0.<subdomain>}), and {@code
 *       FLOWLINE_HOSTNAME_RESOLUTION_TIMEOUT} from {@code hostnameResolutionTimeout}: workers wait
 *       that long for the control host name to resolve before their step runs;
 *   <li>the port: {@code @Kubernetes(port)} / {@code METAFLOW_KUBERNETES_PORT}, else {@value
 *       #DEFAULT_PORT}; exposed on the container, named in the Service, and given as {@code
 *       MF_MASTER_PORT} (never the text {@code None});
 *   <li>the headless Service ({@code clusterIP: None}, {@code publishNotReadyAddresses}, selecting
 *       the JobSet's pods), named as the JobSet's {@code network.subdomain};
 *   <li>{@code failurePolicy.maxRestarts: 0} and {@code backoffLimit: 0}: a node that fails fails
 *       the JobSet (the runtime retries the whole gang as a new attempt, a new JobSet).
 * </ul>
 *
 * <p>The JobSet's group and version are a parameter ({@value #DEFAULT_API_VERSION} by default).
 */
public final class JobSetRenderer {
  /** The JobSet API this renders by default. */
  public static final String DEFAULT_API_VERSION = "jobset.x-k8s.io/v1alpha2";

  /** The control node's port when none is configured (PyTorch's conventional one). */
  public static final int DEFAULT_PORT = 29500;

  /**
   * Longest JobSet name: the workers' host names {@code <jobset>-worker-0-<index>} stay within the
   * 63 characters of a DNS label for gangs of up to 10^6 nodes, as do the Jobs' pod names.
   */
  public static final int MAX_NAME = 40;

  /** The replicated job of the control node. */
  public static final String CONTROL = "control";

  /** The replicated job of the worker nodes. */
  public static final String WORKER = "worker";

  /** Annotation: the control node's task id, on every pod of the gang. */
  public static final String CONTROL_TASK_ANNOTATION = "flowline.dev/gang-control-task";

  /** Variable the container script sets to the worker's task id. */
  static final String TASK_ID_VARIABLE = "FLOWLINE_TASK_ID";

  private static final String TASK_TOKEN = "FLOWLINE-GANG-TASK-ID";
  private static final String NODE_TOKEN = "FLOWLINE-GANG-NODE-INDEX";

  private final JobRenderer pods;
  private final String apiVersion;

  /** With {@link JobRenderer#FEATURES} and {@link #DEFAULT_API_VERSION}. */
  public JobSetRenderer() {
    this(new JobRenderer(), DEFAULT_API_VERSION);
  }

  /**
   * With the pods of {@code pods} and the JobSet API {@code apiVersion} ({@code group/version}).
   */
  public JobSetRenderer(JobRenderer pods, String apiVersion) {
    this.pods = pods;
    this.apiVersion = apiVersion;
  }

  /**
   * The JobSet and Service of one attempt of a gang of {@code numNodes} nodes, whose control node
   * is {@code control}'s task (node 0; the workers' task ids follow it).
   *
   * @throws IllegalArgumentException when the control task id is not a whole number (the workers'
   *     ids are computed from it) or the gang has fewer than 2 nodes
   */
  public GangResources render(TaskContext control, int numNodes) {
    GangIdentity ids = GangIdentity.of(control, numNodes);
    var s = control.settings();
    var jobSet = jobSet(StepContext.of(control), ids, numNodes);
    int port = port(s);
    return new GangResources(
        jobSet,
        service(ids.name(), ids.namespace(), jobSet.getMetadata().getLabels(), port),
        ids.controlAddress(),
        port);
  }

  /**
   * The JobSet of one attempt of a gang of {@code numNodes} nodes of {@code step}'s pod template,
   * with the identity {@code ids} (literal, or Argo expressions for a resource template). Its
   * headless Service is not part of it: {@link #render} adds Flowline's; without one, the JobSet
   * controller creates the same (headless, {@code publishNotReadyAddresses}, selecting the JobSet's
   * pods, owned by the JobSet), since the JobSet enables DNS host names.
   *
   * @throws IllegalArgumentException when the gang has fewer than 2 nodes
   */
  public GenericKubernetesResource jobSet(StepContext step, GangIdentity ids, int numNodes) {
    if (numNodes < 2) {
      throw new IllegalArgumentException(
          "a gang has at least 2 nodes, got "
              + numNodes
              + " for step '"
              + step.settings().stepName()
              + "'");
    }
    var s = step.settings();
    String name = ids.name();
    int port = port(s);
    String address = ids.controlAddress();
    StepPod template = pods.template(step);

    StepPod controlPod = ids.control().applyTo(template);
    controlPod = gang(controlPod, numNodes, address, port, ids.controlTaskId(), s, Optional.of(0));
    StepPod workerPod = ids.worker(TASK_TOKEN, NODE_TOKEN).applyTo(template);
    workerPod = gang(workerPod, numNodes, address, port, ids.controlTaskId(), s, Optional.empty());
    workerPod = workerScript(workerPod, ids.workerTaskId(), ids.workerTasks());

    Map<String, String> labels = controlPod.pod().getMetadata().getLabels();
    Map<String, String> annotations =
        new LinkedHashMap<>(controlPod.pod().getMetadata().getAnnotations());
    annotations.put(MetadataFeature.TASK, ids.tasks());
    var serialization = new KubernetesSerialization();
    Map<String, Object> spec = new LinkedHashMap<>();
    Map<String, Object> network = new LinkedHashMap<>();
    network.put("enableDNSHostnames", true);
    network.put("subdomain", name);
    network.put("publishNotReadyAddresses", true);
    spec.put("network", network);
    spec.put("successPolicy", Map.of("operator", "All"));
    spec.put("failurePolicy", Map.of("maxRestarts", 0));
    spec.put(
        "replicatedJobs",
        List.of(
            replicatedJob(CONTROL, job(controlPod, 1), serialization),
            replicatedJob(WORKER, job(workerPod, numNodes - 1), serialization)));
    spec.put(
        "ttlSecondsAfterFinished", (int) Math.min(Integer.MAX_VALUE, s.ttlSecondsAfterFinished()));
    var jobSet = new GenericKubernetesResource();
    jobSet.setApiVersion(apiVersion);
    jobSet.setKind("JobSet");
    jobSet.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(ids.namespace())
            .withLabels(labels)
            .withAnnotations(annotations)
            .build());
    jobSet.setAdditionalProperty("spec", spec);
    return jobSet;
  }

  /** The JobSet's name (also its subdomain and its Service's) for one attempt of a gang. */
  public static String name(TaskContext control) {
    var t = control.task();
    String identity =
        String.join(
            "/",
            control.settings().flowName(),
            t.runId(),
            t.stepName(),
            t.taskId(),
            Integer.toString(t.attempt()));
    return LabelValues.dnsName(
        identity, MAX_NAME, control.settings().flowName(), control.settings().stepName());
  }

  /**
   * The control node's stable host name for one attempt of a gang, {@code
   * <jobset>-control-0-0.<subdomain>}: what every node gets as {@code MF_MASTER_ADDR}.
   */
  public static String controlAddress(TaskContext control) {
    String name = name(control);
    return name + "-" + CONTROL + "-0-0." + name;
  }

  /** The control node's port: {@code @Kubernetes(port)} / the configuration, else 29500. */
  public static int port(dev.flowline.kubernetes.KubernetesStepSettings settings) {
    return settings.port().orElse(DEFAULT_PORT);
  }

  /** The JobSet API this renders ({@code group/version}). */
  public String apiVersion() {
    return apiVersion;
  }

  /** The gang's variables and port on a node's pod ({@code nodeIndex} empty: set by the script). */
  private static StepPod gang(
      StepPod pod,
      int numNodes,
      String address,
      int port,
      String controlTaskId,
      dev.flowline.kubernetes.KubernetesStepSettings s,
      Optional<Integer> nodeIndex) {
    var place =
        new dev.flowline.GangNode(numNodes, nodeIndex.orElse(-1), address, port, controlTaskId);
    var values = new LinkedHashMap<>(GangEnvironment.of(place));
    if (nodeIndex.isEmpty()) {
      values.remove(GangEnvironment.NODE_INDEX);
    }
    values.put(
        "FLOWLINE_HOSTNAME_RESOLUTION_TIMEOUT",
        Long.toString(s.hostnameResolutionTimeoutSeconds()));
    var main = new ContainerBuilder(pod.main());
    values.forEach((k, v) -> main.addToEnv(new EnvVar(k, v, null)));
    if (s.port().isEmpty()) {
      main.addNewPort().withName("flowline").withContainerPort(port).withProtocol("TCP").endPort();
    }
    var annotated =
        new PodBuilder(pod.pod())
            .editMetadata()
            .addToAnnotations(CONTROL_TASK_ANNOTATION, controlTaskId)
            .endMetadata()
            .build();
    return new StepPod(annotated, main.build());
  }

  /**
   * A worker's script computes its node index ({@code 1 + JOB_COMPLETION_INDEX}) and task id
   * ({@link GangIdentity#workerTaskId}) first; its {@code step} command uses both.
   */
  private static StepPod workerScript(StepPod pod, String workerTaskId, String taskRange) {
    List<String> command = new ArrayList<>(pod.main().getCommand());
    String script = command.get(command.size() - 1);
    String setup =
        GangEnvironment.NODE_INDEX
            + "=$((${JOB_COMPLETION_INDEX:?the worker Job is not Indexed} + 1)); export "
            + GangEnvironment.NODE_INDEX
            + "\n"
            + TASK_ID_VARIABLE
            + "="
            + workerTaskId
            + "\n";
    int afterFirstLine = script.indexOf('\n') + 1;
    script =
        script.substring(0, afterFirstLine)
            + setup
            + script
                .substring(afterFirstLine)
                .replace(TASK_TOKEN, "\"$" + TASK_ID_VARIABLE + "\"")
                .replace(NODE_TOKEN, "\"$" + GangEnvironment.NODE_INDEX + "\"");
    command.set(command.size() - 1, script);
    var annotated =
        new PodBuilder(pod.pod())
            .editMetadata()
            .addToAnnotations(MetadataFeature.TASK, taskRange)
            .endMetadata()
            .build();
    return new StepPod(annotated, new ContainerBuilder(pod.main()).withCommand(command).build());
  }

  /** An Indexed Job of {@code pods} pods of {@code pod}, failing at the first pod failure. */
  private static JobTemplateSpec job(StepPod pod, int count) {
    var meta = pod.pod().getMetadata();
    return new JobTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(meta.getLabels())
        .withAnnotations(meta.getAnnotations())
        .endMetadata()
        .withNewSpec()
        .withParallelism(count)
        .withCompletions(count)
        .withCompletionMode("Indexed")
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(meta.getLabels())
        .withAnnotations(meta.getAnnotations())
        .endMetadata()
        .withSpec(new PodSpecBuilder(pod.pod().getSpec()).withContainers(pod.main()).build())
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Map<String, Object> replicatedJob(
      String name, JobTemplateSpec job, KubernetesSerialization serialization) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put("replicas", 1);
    out.put("template", serialization.convertValue(job, Map.class));
    return out;
  }

  private static Service service(
      String name, String namespace, Map<String, String> labels, int port) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withClusterIP("None")
        .withPublishNotReadyAddresses(true)
        .addToSelector("jobset.sigs.k8s.io/jobset-name", name)
        .addNewPort()
        .withName("flowline")
        .withPort(port)
        .withTargetPort(new io.fabric8.kubernetes.api.model.IntOrString(port))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
