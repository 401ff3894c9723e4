package dev.flowline.kubernetes.config;

import dev.flowline.config.ConfigOption;
import dev.flowline.config.OptionGroup;
import dev.flowline.config.ValueType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Metaflow's {@code METAFLOW_KUBERNETES_*} keys: the defaults for every {@code @Kubernetes} step. A
 * step's {@code @Kubernetes} parameters and {@code --with kubernetes:...} override them (see
 * docs/kubernetes.md).
 */
public final class KubernetesOptions implements OptionGroup {
  /**
   * The image used when neither the step nor the configuration names one: a JRE of this JVM's
   * version.
   */
  public static final String DEFAULT_IMAGE =
      "eclipse-temurin:" + Runtime.version().feature() + "-jre";

  /** Namespace for Jobs. */
  public static final ConfigOption<String> NAMESPACE =
      ConfigOption.builder("METAFLOW_KUBERNETES_NAMESPACE", ValueType.nonEmptyString("\"ml-jobs\""))
          .defaultValue("default")
          .check(
              v -> v.length() <= 63 && v.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"),
              "is not a valid namespace (a DNS-1123 label: at most 63 characters of a-z, 0-9 and"
                  + " '-')",
              "\"ml-jobs\"")
          .doc("Namespace in which step Jobs are created (and `kubernetes list/kill` look).")
          .build();

  /** Service account of the pods. */
  public static final ConfigOption<String> SERVICE_ACCOUNT =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_SERVICE_ACCOUNT",
              ValueType.nonEmptyString("\"flowline-runner\""))
          .check(
              v ->
                  v.length() <= 253
                      && v.matches(
                          "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"),
              "is not a valid service account name (a DNS-1123 subdomain)",
              "\"flowline-runner\"")
          .doc(
              "ServiceAccount the pods run as; it needs RBAC for what the task does. Unset: the"
                  + " namespace's `default`.")
          .build();

  /** Default container image. */
  public static final ConfigOption<String> CONTAINER_IMAGE =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_CONTAINER_IMAGE",
              ValueType.nonEmptyString("\"eclipse-temurin:17-jre\""))
          .defaultValue(DEFAULT_IMAGE)
          .defaultText(
              "eclipse-temurin:<major>-jre (the major version of the Java running Flowline)")
          .check(
              v -> !v.matches(".*\\s.*"),
              "contains whitespace (an image reference has none)",
              "\"eclipse-temurin:17-jre\"")
          .doc(
              "Container image for steps that do not name one. It needs a POSIX shell (with"
                  + " `base64`) and a JRE; the flow's classes are fetched from the datastore, or"
                  + " are in the image with `METAFLOW_KUBERNETES_CODE_PACKAGE=image` (see"
                  + " docs/kubernetes.md).")
          .build();

  /** Registry prefixed to images without a registry part. */
  public static final ConfigOption<String> CONTAINER_REGISTRY =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_CONTAINER_REGISTRY",
              ValueType.nonEmptyString("\"registry.example.com/ml\""))
          .check(
              v -> !v.matches(".*\\s.*") && !v.contains("://"),
              "is not a registry host[/path] (no scheme, no whitespace)",
              "\"registry.example.com/ml\"")
          .doc(
              "Registry (host, optionally with a path) put in front of images that have no registry"
                  + " part, e.g. `python:3` but not `ghcr.io/org/img`.")
          .build();

  /** Image pull policy. */
  public static final ConfigOption<String> IMAGE_PULL_POLICY =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_IMAGE_PULL_POLICY",
              ValueType.choice("Always", "IfNotPresent", "Never"))
          .doc("Image pull policy of the task container. Unset: Kubernetes' default.")
          .build();

  /** Image pull secrets. */
  public static final ConfigOption<List<String>> IMAGE_PULL_SECRETS =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_IMAGE_PULL_SECRETS", KubernetesTypes.pullSecretNames())
          .doc("Secrets for pulling from private registries, as a JSON list: `[\"regcred\"]`.")
          .build();

  /** Default CPU request. */
  public static final ConfigOption<BigDecimal> CPU =
      ConfigOption.builder("METAFLOW_KUBERNETES_CPU", KubernetesTypes.cpu())
          .defaultValue(BigDecimal.ONE)
          .doc("CPU cores requested per task (`2`, `0.5`, `500m`).")
          .build();

  /** Default memory in MB. */
  public static final ConfigOption<Long> MEMORY =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_MEMORY", ValueType.integer(1, Integer.MAX_VALUE, "\"4096\""))
          .defaultValue(4096L)
          .doc("Memory per task in MB (rendered with unit `M`).")
          .build();

  /** Default ephemeral disk in MB. */
  public static final ConfigOption<Long> DISK =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_DISK", ValueType.integer(1, Integer.MAX_VALUE, "\"10240\""))
          .defaultValue(10240L)
          .doc("Ephemeral storage per task in MB (`ephemeral-storage`).")
          .build();

  /** GPU vendor. */
  public static final ConfigOption<String> GPU_VENDOR =
      ConfigOption.builder("METAFLOW_KUBERNETES_GPU_VENDOR", ValueType.choice("nvidia", "amd"))
          .defaultValue("nvidia")
          .doc(
              "Vendor of requested GPUs, any case: the limit is `nvidia.com/gpu` or `amd.com/gpu`.")
          .build();

  /** Node selector. */
  public static final ConfigOption<Map<String, String>> NODE_SELECTOR =
      ConfigOption.builder("METAFLOW_KUBERNETES_NODE_SELECTOR", KubernetesTypes.nodeSelector())
          .doc("Node selector, `key=value,key2=value2`.")
          .build();

  /** Tolerations. */
  public static final ConfigOption<List<TolerationSpec>> TOLERATIONS =
      ConfigOption.builder("METAFLOW_KUBERNETES_TOLERATIONS", KubernetesTypes.tolerations())
          .doc(
              "Tolerations as a JSON list of objects with `key`, `operator`, `value`, `effect`,"
                  + " `tolerationSeconds` (Metaflow's `toleration_seconds` is accepted too).")
          .build();

  /** QoS class. */
  public static final ConfigOption<String> QOS =
      ConfigOption.builder("METAFLOW_KUBERNETES_QOS", ValueType.choice("Burstable", "Guaranteed"))
          .defaultValue("Burstable")
          .doc(
              "`Burstable`: requests only. `Guaranteed`: limits equal to requests for cpu, memory"
                  + " and ephemeral storage.")
          .build();

  /** PVC mounts. */
  public static final ConfigOption<Map<String, String>> PERSISTENT_VOLUME_CLAIMS =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_PERSISTENT_VOLUME_CLAIMS",
              KubernetesTypes.persistentVolumeClaims())
          .doc(
              "PersistentVolumeClaims to mount, as a JSON object claim name to mount path:"
                  + " `{\"data\": \"/mnt/data\"}`.")
          .build();

  /** Shared memory in MB. */
  public static final ConfigOption<Long> SHARED_MEMORY =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_SHARED_MEMORY",
              ValueType.integer(1, Integer.MAX_VALUE, "\"1024\""))
          .doc("Size in MiB of a memory-backed `/dev/shm`. Unset: the container runtime's default.")
          .build();

  /** Secrets mounted as environment. */
  public static final ConfigOption<List<String>> SECRETS =
      ConfigOption.builder("METAFLOW_KUBERNETES_SECRETS", KubernetesTypes.secretNames())
          .doc(
              "Secrets whose keys become environment variables of every task (`envFrom`),"
                  + " comma-separated; added to each step's own `secrets`.")
          .build();

  /** Extra labels. */
  public static final ConfigOption<Map<String, String>> LABELS =
      ConfigOption.builder("METAFLOW_KUBERNETES_LABELS", KubernetesTypes.labels())
          .doc("Labels for every Job and pod, `key=value,...`; a step's labels win per key.")
          .build();

  /** Extra annotations. */
  public static final ConfigOption<Map<String, String>> ANNOTATIONS =
      ConfigOption.builder("METAFLOW_KUBERNETES_ANNOTATIONS", KubernetesTypes.annotations())
          .doc(
              "Annotations for every Job and pod, `key=value,...`; a step's annotations win per"
                  + " key.")
          .build();

  /** Container port. */
  public static final ConfigOption<Long> PORT =
      ConfigOption.builder("METAFLOW_KUBERNETES_PORT", ValueType.integer(1, 65535, "\"8080\""))
          .doc("Container port to expose (multi-node communication).")
          .build();

  /** EC2 instance metadata switch. */
  public static final ConfigOption<Boolean> FETCH_EC2_METADATA =
      ConfigOption.builder("METAFLOW_KUBERNETES_FETCH_EC2_METADATA", ValueType.bool())
          .defaultValue(false)
          .forwarded()
          .doc(
              "Whether tasks record the EC2 instance's metadata (id, type, region, zone) when on"
                  + " AWS.")
          .build();

  /** Init script. */
  public static final ConfigOption<String> SANDBOX_INIT_SCRIPT =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_SANDBOX_INIT_SCRIPT", ValueType.nonEmptyString("\"export A=1\""))
          .doc(
              "Shell code run in the pod before the task (`sh`, `eval`ed); a failure fails the"
                  + " task.")
          .build();

  /** Job TTL. */
  public static final ConfigOption<Long> JOB_TTL_SECONDS_AFTER_FINISHED =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_JOB_TTL_SECONDS_AFTER_FINISHED",
              ValueType.integer(0, Integer.MAX_VALUE, "\"604800\""))
          .defaultValue(604800L)
          .doc("Seconds a finished Job is kept before Kubernetes deletes it (7 days by default).")
          .build();

  /** What killing a run does to its Jobs. */
  public static final ConfigOption<String> JOB_TERMINATE_MODE =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_JOB_TERMINATE_MODE", ValueType.choice("stop", "delete"))
          .defaultValue("stop")
          .doc(
              "How a killed task's Job ends: `stop` sets its parallelism to 0 (the pod ends, the"
                  + " Job stays for inspection), `delete` deletes it. A failed or killed gang's"
                  + " JobSet: `stop` suspends it, `delete` deletes it and its Service.")
          .build();

  /** Security profile. */
  public static final ConfigOption<String> SECURITY_PROFILE =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_SECURITY_PROFILE", ValueType.choice("none", "restricted"))
          .defaultValue("none")
          .doc(
              "`restricted` makes every pod pass the Pod Security Standard \"restricted\" (non-root"
                  + " user 1000, no privilege escalation, all capabilities dropped, RuntimeDefault"
                  + " seccomp, writable work dir). Flowline addition; not in Metaflow.")
          .build();

  /** How long a pod may wait for something that may still come. */
  public static final ConfigOption<Long> PENDING_TIMEOUT =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_PENDING_TIMEOUT",
              ValueType.integer(1, Integer.MAX_VALUE, "\"600\""))
          .defaultValue(600L)
          .doc(
              "Seconds a task's pod may wait for something that may still come (a node the"
                  + " autoscaler may add, quota other pods use, a volume to bind, its containers to"
                  + " be created) before the task fails. A cause that cannot resolve (image not"
                  + " found, missing Secret, request above the quota's limit) fails the task at"
                  + " once. Flowline addition; not in Metaflow.")
          .build();

  /** Retries of attempts ended by the infrastructure. */
  public static final ConfigOption<Long> INFRASTRUCTURE_RETRIES =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_INFRASTRUCTURE_RETRIES", ValueType.integer(0, 100, "\"3\""))
          .defaultValue(3L)
          .doc(
              "How many times an attempt that the cluster ended (eviction, lost node, spot"
                  + " preemption) is run again before the task fails. Separate from `@Retry`, which"
                  + " counts the task's own failures. Flowline addition; not in Metaflow.")
          .build();

  /** Memory factor after an OOM kill. */
  public static final ConfigOption<BigDecimal> OOM_MEMORY_FACTOR =
      ConfigOption.builder("METAFLOW_KUBERNETES_OOM_MEMORY_FACTOR", KubernetesTypes.memoryFactor())
          .doc(
              "When set (e.g. `1.5`), each retry after an OOM kill asks for this many times the"
                  + " memory of the attempt before (rounded up to whole MB), up to"
                  + " `METAFLOW_KUBERNETES_OOM_MEMORY_MAX`. Unset: memory stays as the step asks."
                  + " Flowline addition; not in Metaflow.")
          .build();

  /** Memory cap of the OOM step-up. */
  public static final ConfigOption<Long> OOM_MEMORY_MAX =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_OOM_MEMORY_MAX",
              ValueType.integer(1, Integer.MAX_VALUE, "\"65536\""))
          .doc(
              "The most memory (MB) a retry after an OOM kill asks for; needs"
                  + " `METAFLOW_KUBERNETES_OOM_MEMORY_FACTOR` (or `oomMemoryFactor`). Unset: no cap."
                  + " Flowline addition; not in Metaflow.")
          .build();

  /** Where a pod gets the application's classes. */
  public static final ConfigOption<String> CODE_PACKAGE =
      ConfigOption.builder("METAFLOW_KUBERNETES_CODE_PACKAGE", ValueType.choice("fetch", "image"))
          .defaultValue("fetch")
          .doc(
              "Where a pod gets the flow's classes, Flowline and their libraries. `fetch`: each run"
                  + " uploads them to the datastore (once per jar content, under"
                  + " `_flowline/packages/`) and the pod downloads them with a small fetcher the"
                  + " Job carries, so any image with a JRE and a POSIX shell works; an image that"
                  + " sets `FLOWLINE_CLASSPATH` or has Jib's `/app/libs` is used as it is."
                  + " `image`: nothing is uploaded, the image holds the application (Jib's layout"
                  + " `/app/resources:/app/classes:/app/libs/*`, or a step's `FLOWLINE_CLASSPATH`)."
                  + " Flowline addition; not in Metaflow.")
          .build();

  /** Lifetime of the code package's signed URLs. */
  public static final ConfigOption<Long> CODE_PACKAGE_URL_TTL =
      ConfigOption.builder(
              "METAFLOW_KUBERNETES_CODE_PACKAGE_URL_TTL",
              ValueType.integer(60, 604800, "\"86400\""))
          .defaultValue(604800L)
          .doc(
              "Seconds the signed URLs of a run's code package stay valid (7 days by default, the"
                  + " most S3 and GCS allow); a pod started later cannot fetch the code. URLs signed"
                  + " with temporary credentials expire with them at the latest. Flowline addition;"
                  + " not in Metaflow.")
          .build();

  @Override
  public String title() {
    return "Kubernetes";
  }

  @Override
  public String description() {
    return "Defaults for steps that run on Kubernetes (`@Kubernetes` or `--with kubernetes`)."
        + " Precedence per parameter: the annotation, then `--with`, then these keys, then"
        + " the default; see [kubernetes.md](kubernetes.md).";
  }

  @Override
  public List<ConfigOption<?>> options() {
    return List.of(
        NAMESPACE,
        SERVICE_ACCOUNT,
        CONTAINER_IMAGE,
        CONTAINER_REGISTRY,
        IMAGE_PULL_POLICY,
        IMAGE_PULL_SECRETS,
        CPU,
        MEMORY,
        DISK,
        GPU_VENDOR,
        NODE_SELECTOR,
        TOLERATIONS,
        QOS,
        PERSISTENT_VOLUME_CLAIMS,
        SHARED_MEMORY,
        SECRETS,
        LABELS,
        ANNOTATIONS,
        PORT,
        FETCH_EC2_METADATA,
        SANDBOX_INIT_SCRIPT,
        JOB_TTL_SECONDS_AFTER_FINISHED,
        JOB_TERMINATE_MODE,
        SECURITY_PROFILE,
        PENDING_TIMEOUT,
        INFRASTRUCTURE_RETRIES,
        OOM_MEMORY_FACTOR,
        OOM_MEMORY_MAX,
        CODE_PACKAGE,
        CODE_PACKAGE_URL_TTL);
  }
}
