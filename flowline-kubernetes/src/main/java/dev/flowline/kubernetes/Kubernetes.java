package dev.flowline.kubernetes;

import dev.flowline.StepDecorator;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the step's tasks as Kubernetes Jobs. Only the parameters written on the annotation count:
 * every other parameter comes from {@code --with kubernetes:k=v,...}, then from the {@code
 * METAFLOW_KUBERNETES_*} configuration, then from the default. {@code cpu}, {@code memory} and
 * {@code disk} take the larger of this annotation's value and {@code @Resources}'. The full rule
 * per parameter is in {@code docs/kubernetes.md}.
 *
 * <pre>{@code
 * @Kubernetes(cpu = "2", memory = 8192, secrets = {"db-credentials"},
 *             tolerations = {"{\"key\": \"gpu\", \"operator\": \"Exists\", \"effect\": \"NoSchedule\"}"})
 * @Step void train() { ... }
 * }</pre>
 *
 * <p>The defaults shown below are placeholders meaning "not set here".
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@StepDecorator(name = "kubernetes")
public @interface Kubernetes {
  /**
   * CPU cores ({@code "2"}, {@code "0.5"}, {@code "500m"}); max with {@code @Resources(cpu)}.
   * Default 1.
   */
  String cpu() default "";

  /** Memory in MB; max with {@code @Resources(memory)}. Default 4096. */
  int memory() default 0;

  /**
   * Ephemeral disk in MB ({@code ephemeral-storage}); max with {@code @Resources(disk)}. Default
   * 10240.
   */
  int disk() default 0;

  /** GPUs; else {@code @Resources(gpu)}; 0 means none. */
  int gpu() default 0;

  /**
   * {@code nvidia} or {@code amd}, any case. Default {@code METAFLOW_KUBERNETES_GPU_VENDOR}, else
   * nvidia.
   */
  String gpuVendor() default "";

  /** Container image; the registry option is prefixed when it has no registry part. */
  String image() default "";

  /** {@code Always}, {@code IfNotPresent} or {@code Never}. */
  String imagePullPolicy() default "";

  /** Names of image pull Secrets. */
  String[] imagePullSecrets() default {};

  /** ServiceAccount of the pod. */
  String serviceAccount() default "";

  /** Kubernetes namespace of the Job. */
  String namespace() default "";

  /**
   * Secrets whose keys become environment variables ({@code envFrom}); added to the configured
   * ones.
   */
  String[] secrets() default {};

  /** Node selector entries {@code "key=value"}. */
  String[] nodeSelector() default {};

  /**
   * Tolerations, each a JSON object: {@code {"key": "gpu", "operator": "Exists", "effect":
   * "NoSchedule"}}.
   */
  String[] tolerations() default {};

  /** Labels {@code "key=value"}, merged over the configured ones. */
  String[] labels() default {};

  /** Annotations {@code "key=value"}, merged over the configured ones. */
  String[] annotations() default {};

  /** {@code Burstable} (requests only) or {@code Guaranteed} (limits equal requests). */
  String qos() default "";

  /** PersistentVolumeClaims to mount, {@code "claim=/mount/path"}. */
  String[] persistentVolumeClaims() default {};

  /** Size in MiB of a memory-backed {@code /dev/shm}. */
  int sharedMemory() default 0;

  /** Mounts a memory-backed tmpfs at {@link #tmpfsPath()}. */
  boolean useTmpfs() default false;

  /** Points {@code METAFLOW_TEMPDIR} at the tmpfs when tmpfs is on. Default true. */
  boolean tmpfsTempdir() default true;

  /** Size of the tmpfs in MiB (setting it turns tmpfs on). Default half the step's memory. */
  int tmpfsSize() default 0;

  /** Where the tmpfs is mounted. Default {@code /metaflow_temp}. */
  String tmpfsPath() default "";

  /** Container port to expose. */
  int port() default 0;

  /** Extra resources, {@code "vpc.amazonaws.com/efa=1"}: in requests and limits. */
  String[] extendedResources() default {};

  /**
   * Security context entries {@code "key=value"}: container {@code privileged}, {@code
   * allowPrivilegeEscalation}, {@code runAsUser}, {@code runAsGroup}, {@code runAsNonRoot}, {@code
   * readOnlyRootFilesystem}, {@code dropCapabilities} ({@code ALL} or names separated by {@code
   * ;}); pod {@code fsGroup}, {@code seccompProfile} ({@code RuntimeDefault}, {@code Unconfined} or
   * {@code Localhost/<profile>}).
   */
  String[] securityContext() default {};

  /** {@code restricted} to pass the Pod Security Standard "restricted"; {@code none} otherwise. */
  String securityProfile() default "";

  /** Seconds multi-node workers wait for the control node's name to resolve. Default 600. */
  int hostnameResolutionTimeout() default 0;

  /**
   * Seconds the pod may wait for something that may still come (a node the autoscaler may add,
   * quota other pods use, a volume to bind, its containers to be created) before the task fails; a
   * cause that cannot resolve fails it at once. Default {@code
   * METAFLOW_KUBERNETES_PENDING_TIMEOUT}, else 600.
   */
  int pendingTimeout() default 0;

  /**
   * How many times an attempt that the cluster ended (eviction, lost node, spot preemption) is run
   * again before the task fails; separate from {@code @Retry}. Default {@code
   * METAFLOW_KUBERNETES_INFRASTRUCTURE_RETRIES}, else 3.
   */
  int infrastructureRetries() default 0;

  /**
   * After an OOM kill, each retry asks for this many times the memory of the attempt before (e.g.
   * {@code 1.5}), up to {@link #oomMemoryMax()}. Default off.
   */
  double oomMemoryFactor() default 0;

  /** The most memory in MB a retry after an OOM kill asks for. Default no cap. */
  int oomMemoryMax() default 0;
}
