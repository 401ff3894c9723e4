package dev.flowline.kubernetes;

import dev.flowline.kubernetes.config.TolerationSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a step's Kubernetes Job is built from, resolved and validated: the {@code @Kubernetes}
 * parameters after {@code --with}, configuration, defaults and {@code @Resources}/{@code @Timeout}/
 * {@code @Environment} were applied (see {@link StepSettingsResolver} for the rule per parameter).
 * Immutable.
 *
 * @param flowName the flow's name
 * @param stepName the step's name
 * @param namespace Job namespace
 * @param serviceAccount pod service account
 * @param image container image, registry applied
 * @param imagePullPolicy pull policy
 * @param imagePullSecrets pull Secret names
 * @param cpu cores
 * @param memoryMb memory in MB
 * @param diskMb ephemeral storage in MB
 * @param gpu GPU count, 0 for none
 * @param gpuVendor {@code nvidia} or {@code amd}
 * @param secrets Secret names for {@code envFrom}, de-duplicated, step's first
 * @param nodeSelector node selector
 * @param tolerations tolerations
 * @param labels the user's labels (configured merged with the step's)
 * @param annotations the user's annotations
 * @param qos {@code Burstable} or {@code Guaranteed}
 * @param persistentVolumeClaims claim name to mount path
 * @param sharedMemoryMb size of {@code /dev/shm}, MiB
 * @param tmpfs the tmpfs mount, when on
 * @param port container port
 * @param extendedResources extra resource name to quantity
 * @param security requested security context
 * @param restricted whether the "restricted" security profile applies
 * @param hostnameResolutionTimeoutSeconds multi-node host resolution timeout
 * @param runtimeLimitSeconds {@code activeDeadlineSeconds}
 * @param ttlSecondsAfterFinished Job TTL
 * @param sandboxInitScript shell run before the task
 * @param codePackage where the pod gets the application: {@code fetch} (download the run's code
 *     package) or {@code image} (the image holds it)
 * @param environment environment for the task, in order: forwarded configuration, then
 *     {@code @Environment}
 * @param recovery how long pods may wait, infrastructure retries and the memory step-up after an
 *     OOM kill (read by the launcher, not part of the Job)
 */
public record KubernetesStepSettings(
    String flowName,
    String stepName,
    String namespace,
    Optional<String> serviceAccount,
    String image,
    Optional<String> imagePullPolicy,
    List<String> imagePullSecrets,
    BigDecimal cpu,
    long memoryMb,
    long diskMb,
    long gpu,
    String gpuVendor,
    List<String> secrets,
    Map<String, String> nodeSelector,
    List<TolerationSpec> tolerations,
    Map<String, String> labels,
    Map<String, String> annotations,
    String qos,
    Map<String, String> persistentVolumeClaims,
    Optional<Long> sharedMemoryMb,
    Optional<Tmpfs> tmpfs,
    Optional<Integer> port,
    Map<String, String> extendedResources,
    SecuritySettings security,
    boolean restricted,
    long hostnameResolutionTimeoutSeconds,
    long runtimeLimitSeconds,
    long ttlSecondsAfterFinished,
    Optional<String> sandboxInitScript,
    String codePackage,
    Map<String, String> environment,
    RecoverySettings recovery) {

  /** Canonical form: immutable collections (map iteration order is kept). */
  public KubernetesStepSettings {
    imagePullSecrets = List.copyOf(imagePullSecrets);
    secrets = List.copyOf(secrets);
    tolerations = List.copyOf(tolerations);
    nodeSelector = frozen(nodeSelector);
    labels = frozen(labels);
    annotations = frozen(annotations);
    persistentVolumeClaims = frozen(persistentVolumeClaims);
    extendedResources = frozen(extendedResources);
    environment = frozen(environment);
  }

  /** Whether the pod downloads the run's code package (else the image holds the application). */
  public boolean fetchesCode() {
    return codePackage.equals("fetch");
  }

  /**
   * These settings with {@code memoryMb} of memory (e.g. stepped up after an OOM kill); requests
   * and limits follow as for a step that asked for it.
   */
  public KubernetesStepSettings withMemoryMb(long memoryMb) {
    return copy(memoryMb, environment);
  }

  /** These settings with {@code variables} added to (or replacing in) the task's environment. */
  public KubernetesStepSettings withEnvironment(Map<String, String> variables) {
    Map<String, String> merged = new java.util.LinkedHashMap<>(environment);
    merged.putAll(variables);
    return copy(memoryMb, merged);
  }

  /** These settings without the environment variables named {@code names}. */
  public KubernetesStepSettings withoutEnvironment(java.util.Collection<String> names) {
    Map<String, String> kept = new java.util.LinkedHashMap<>(environment);
    kept.keySet().removeAll(names);
    return copy(memoryMb, kept);
  }

  /**
   * These settings for a small helper pod that runs beside the run's tasks (Argo's pending
   * watchdog): the same image, pull secrets, secrets, service account, scheduling, labels,
   * annotations, security and code package, but {@code cpuMillis} of CPU and {@code memoryMb} of
   * memory, at most {@value #HELPER_DISK_MB} MiB of disk, {@code Burstable}, and none of the task's
   * GPUs, extended resources, volume claims, shared memory or port, so that it fits wherever the
   * cluster runs anything.
   */
  public KubernetesStepSettings forHelperPod(long cpuMillis, long memoryMb) {
    return new KubernetesStepSettings(
        flowName,
        stepName,
        namespace,
        serviceAccount,
        image,
        imagePullPolicy,
        imagePullSecrets,
        BigDecimal.valueOf(cpuMillis, 3).stripTrailingZeros(),
        memoryMb,
        Math.min(diskMb, HELPER_DISK_MB),
        0,
        gpuVendor,
        secrets,
        nodeSelector,
        tolerations,
        labels,
        annotations,
        "Burstable",
        Map.of(),
        Optional.empty(),
        tmpfs,
        Optional.empty(),
        Map.of(),
        security,
        restricted,
        hostnameResolutionTimeoutSeconds,
        runtimeLimitSeconds,
        ttlSecondsAfterFinished,
        sandboxInitScript,
        codePackage,
        environment,
        recovery);
  }

  /** The most local disk a helper pod asks for, MiB. */
  public static final long HELPER_DISK_MB = 1024;

  private KubernetesStepSettings copy(long memoryMb, Map<String, String> environment) {
    return new KubernetesStepSettings(
        flowName,
        stepName,
        namespace,
        serviceAccount,
        image,
        imagePullPolicy,
        imagePullSecrets,
        cpu,
        memoryMb,
        diskMb,
        gpu,
        gpuVendor,
        secrets,
        nodeSelector,
        tolerations,
        labels,
        annotations,
        qos,
        persistentVolumeClaims,
        sharedMemoryMb,
        tmpfs,
        port,
        extendedResources,
        security,
        restricted,
        hostnameResolutionTimeoutSeconds,
        runtimeLimitSeconds,
        ttlSecondsAfterFinished,
        sandboxInitScript,
        codePackage,
        environment,
        recovery);
  }

  /** Whether QoS is Guaranteed (limits equal requests). */
  public boolean guaranteed() {
    return qos.equals("Guaranteed");
  }

  private static Map<String, String> frozen(Map<String, String> m) {
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
  }

  /**
   * A memory-backed tmpfs.
   *
   * @param sizeMb size limit in MiB
   * @param path mount path
   * @param tempdir whether {@code METAFLOW_TEMPDIR} points at it
   */
  public record Tmpfs(long sizeMb, String path, boolean tempdir) {}
}
