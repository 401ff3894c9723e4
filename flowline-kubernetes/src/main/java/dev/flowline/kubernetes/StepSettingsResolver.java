package dev.flowline.kubernetes;

import dev.flowline.config.ConfigValidationException;
import dev.flowline.config.InvalidValueException;
import dev.flowline.config.Problem;
import dev.flowline.config.RuntimeOptions;
import dev.flowline.config.Settings;
import dev.flowline.kubernetes.KubernetesStepSettings.Tmpfs;
import dev.flowline.kubernetes.config.KubernetesOptions;
import dev.flowline.kubernetes.config.KubernetesRules;
import dev.flowline.kubernetes.config.KubernetesTypes;
import dev.flowline.model.FlowModel;
import dev.flowline.model.ResolvedDecorator;
import dev.flowline.model.StepDecorators;
import dev.flowline.model.StepModel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a step's {@link KubernetesStepSettings} from its decorators and the configuration, and
 * validates everything, reporting every problem at once ({@link ConfigValidationException}).
 *
 * <p>The step's own values come from the model, resolved once ({@link StepDecorators}): for each
 * {@code @Kubernetes} parameter the annotation's value wins over {@code --with kubernetes}, and the
 * same holds for {@code @Resources}, {@code @Timeout} and {@code @Environment}. Rule per parameter
 * between that value, the configuration and the defaults:
 *
 * <ul>
 *   <li>override (step value &gt; {@code METAFLOW_KUBERNETES_*} &gt; default): namespace,
 *       serviceAccount, image (then the registry is prefixed), imagePullPolicy, imagePullSecrets,
 *       gpuVendor, nodeSelector, tolerations, qos, persistentVolumeClaims, sharedMemory, port,
 *       securityProfile, pendingTimeout, infrastructureRetries, oomMemoryFactor, oomMemoryMax
 *       ({@link RecoveryParameters});
 *   <li>max: cpu, memory, disk take the larger of the overriding value above and
 *       {@code @Resources};
 *   <li>gpu: the step's {@code @Kubernetes(gpu)} &gt; {@code @Resources(gpu)} &gt; none;
 *   <li>merge per key (the step wins): labels, annotations (configuration, then the step's);
 *   <li>union, de-duplicated: secrets (the step's, then the configuration's);
 *   <li>step only: securityContext, useTmpfs, tmpfsTempdir, tmpfsSize (default half the final
 *       memory), tmpfsPath, extendedResources, hostnameResolutionTimeout;
 *   <li>activeDeadlineSeconds: {@code @Timeout} total, else {@code METAFLOW_DEFAULT_RUNTIME_LIMIT}.
 * </ul>
 *
 * Each override of a configured value is logged at debug level.
 */
public final class StepSettingsResolver {
  /** The decorator name of {@code @Kubernetes}. */
  public static final String DECORATOR = "kubernetes";

  /** Every {@code @Kubernetes} parameter, as {@code --with kubernetes:NAME=...} accepts it. */
  public static final Set<String> PARAMETERS =
      Set.of(
          "cpu",
          "memory",
          "disk",
          "gpu",
          "gpuVendor",
          "image",
          "imagePullPolicy",
          "imagePullSecrets",
          "serviceAccount",
          "namespace",
          "secrets",
          "nodeSelector",
          "tolerations",
          "labels",
          "annotations",
          "qos",
          "persistentVolumeClaims",
          "sharedMemory",
          "useTmpfs",
          "tmpfsTempdir",
          "tmpfsSize",
          "tmpfsPath",
          "port",
          "extendedResources",
          "securityContext",
          "securityProfile",
          "hostnameResolutionTimeout",
          "pendingTimeout",
          "infrastructureRetries",
          "oomMemoryFactor",
          "oomMemoryMax");

  private final Settings settings;

  /** Resolves against {@code settings} (configuration problems are reported with the step's). */
  public StepSettingsResolver(Settings settings) {
    this.settings = settings;
  }

  /**
   * Whether {@code step} runs on Kubernetes: it has {@code @Kubernetes} or {@code --with
   * kubernetes}.
   */
  public static boolean runsOnKubernetes(StepModel step) {
    return step.decorators().stream().anyMatch(d -> d.name().equals(DECORATOR));
  }

  /**
   * The settings of {@code step} of {@code flow}.
   *
   * @throws ConfigValidationException listing every configuration and parameter problem
   */
  public KubernetesStepSettings resolve(FlowModel flow, StepModel step) {
    var r = new ParameterSources(settings, step);
    checkContainerName(step, r.problems);
    String namespace = namespace(r);
    Optional<String> serviceAccount = serviceAccount(r);
    ImageChoice image = image(r);
    Amounts amounts = amounts(step, r);
    BigDecimal cpu = amounts.cpu();
    long memory = amounts.memory();
    long disk = amounts.disk();
    long gpu = amounts.gpu();
    String gpuVendor =
        r.value(
            "gpuVendor",
            v -> KubernetesOptions.GPU_VENDOR.parse(AttributeValues.text(v)),
            KubernetesOptions.GPU_VENDOR);
    List<String> secrets = secrets(r);
    Map<String, String> nodeSelector = nodeSelector(r);
    var tolerations =
        r.optional("tolerations", AttributeValues::tolerations, KubernetesOptions.TOLERATIONS)
            .orElse(List.of());
    Map<String, String> labels = r.merged("labels", true, KubernetesOptions.LABELS);
    Map<String, String> annotations = r.merged("annotations", false, KubernetesOptions.ANNOTATIONS);
    String qos =
        r.value(
            "qos",
            v -> KubernetesOptions.QOS.parse(AttributeValues.text(v)),
            KubernetesOptions.QOS);
    Map<String, String> claims = claims(r);
    Optional<Long> shm =
        r.optional(
            "sharedMemory",
            v -> AttributeValues.whole(v, 1, Integer.MAX_VALUE, "\"1024\""),
            KubernetesOptions.SHARED_MEMORY);
    Optional<Tmpfs> tmpfs = tmpfs(r, memory);
    Optional<Integer> port = port(r);
    Map<String, String> extended = extendedResources(r);

    SecuritySettings security = security(r);
    boolean restricted = restricted(step, r, security);
    long hostTimeout =
        r.explicit("hostnameResolutionTimeout", v -> AttributeValues.whole(v, 1, Integer.MAX_VALUE))
            .orElse(600L);
    long runtimeLimit = runtimeLimit(step, r.problems);
    RecoverySettings recovery = RecoveryParameters.resolve(r, memory);
    Map<String, String> environment = new StepEnvironment(settings).of(step, r.problems);

    List<Problem> all = new ArrayList<>(settings.problems());
    all.addAll(r.problems);
    if (!all.isEmpty()) {
      throw new ConfigValidationException(all);
    }
    return new KubernetesStepSettings(
        flow.name(),
        step.name(),
        namespace,
        serviceAccount,
        image.image(),
        image.pullPolicy(),
        image.pullSecrets(),
        cpu,
        memory,
        disk,
        gpu,
        gpuVendor,
        secrets,
        nodeSelector,
        tolerations,
        labels,
        annotations,
        qos,
        claims,
        shm,
        tmpfs,
        port,
        extended,
        security,
        restricted,
        hostTimeout,
        runtimeLimit,
        settings.get(KubernetesOptions.JOB_TTL_SECONDS_AFTER_FINISHED),
        settings.find(KubernetesOptions.SANDBOX_INIT_SCRIPT),
        settings.get(KubernetesOptions.CODE_PACKAGE),
        environment,
        recovery);
  }

  private static String namespace(ParameterSources r) {
    return r.value(
        "namespace",
        v -> KubernetesRules.dnsLabel("namespace", AttributeValues.text(v), "\"ml-jobs\""),
        KubernetesOptions.NAMESPACE);
  }

  private static Optional<String> serviceAccount(ParameterSources r) {
    return r.optional(
        "serviceAccount",
        v ->
            KubernetesRules.dnsSubdomain(
                "service account name", AttributeValues.text(v), "\"flowline-runner\""),
        KubernetesOptions.SERVICE_ACCOUNT);
  }

  /** The step's Secrets, then the configured ones (both apply: they are added, not replaced). */
  private List<String> secrets(ParameterSources r) {
    Set<String> secrets = new LinkedHashSet<>();
    r.explicit("secrets", v -> names("Secret name", AttributeValues.items(v)))
        .ifPresent(secrets::addAll);
    settings.find(KubernetesOptions.SECRETS).ifPresent(secrets::addAll);
    return List.copyOf(secrets);
  }

  private static Map<String, String> nodeSelector(ParameterSources r) {
    return r.optional(
            "nodeSelector",
            v ->
                KubernetesTypes.checkKeyValues(
                    "node selector",
                    true,
                    AttributeValues.keyValues(v, true, "\"disktype=ssd\""),
                    "\"disktype=ssd\""),
            KubernetesOptions.NODE_SELECTOR)
        .orElse(Map.of());
  }

  private static Map<String, String> claims(ParameterSources r) {
    return r.optional(
            "persistentVolumeClaims",
            v ->
                KubernetesTypes.claims(
                    AttributeValues.keyValues(v, true, "{\"data-claim\": \"/mnt/data\"}")),
            KubernetesOptions.PERSISTENT_VOLUME_CLAIMS)
        .orElse(Map.of());
  }

  private static Optional<Integer> port(ParameterSources r) {
    return r.optional(
            "port", v -> AttributeValues.whole(v, 1, 65535, "\"8080\""), KubernetesOptions.PORT)
        .map(Long::intValue);
  }

  private static Map<String, String> extendedResources(ParameterSources r) {
    return r.explicit(
            "extendedResources",
            v ->
                extendedResources(
                    AttributeValues.keyValues(v, true, "\"vpc.amazonaws.com/efa=1\"")))
        .orElse(Map.of());
  }

  /** The image (with the configured registry), its pull policy and pull Secrets. */
  private record ImageChoice(String image, Optional<String> pullPolicy, List<String> pullSecrets) {}

  private ImageChoice image(ParameterSources r) {
    String image =
        r.value(
            "image",
            v -> KubernetesOptions.CONTAINER_IMAGE.parse(AttributeValues.text(v)),
            KubernetesOptions.CONTAINER_IMAGE);
    image =
        ImageReference.withRegistry(
            image, settings.find(KubernetesOptions.CONTAINER_REGISTRY).orElse(null));
    Optional<String> pullPolicy =
        r.optional(
            "imagePullPolicy",
            v -> KubernetesOptions.IMAGE_PULL_POLICY.parse(AttributeValues.text(v)),
            KubernetesOptions.IMAGE_PULL_POLICY);
    List<String> pullSecrets =
        r.optional(
                "imagePullSecrets",
                v -> names("image pull Secret name", AttributeValues.items(v)),
                KubernetesOptions.IMAGE_PULL_SECRETS)
            .orElse(List.of());

    return new ImageChoice(image, pullPolicy, pullSecrets);
  }

  private static void checkContainerName(StepModel step, List<Problem> problems) {
    String container = ContainerNames.forStep(step.name());
    if (container.length() > 63) {
      problems.add(
          new Problem(
              "step '" + step.name() + "'",
              step.name(),
              "becomes the container name \""
                  + container
                  + "\" of "
                  + container.length()
                  + " characters (a DNS-1123 label has at most 63)",
              "a step name of at most 63 characters"));
    }
  }

  /** The cpu, memory, disk and gpu a step asks for, after the max with {@code @Resources}. */
  private record Amounts(BigDecimal cpu, long memory, long disk, long gpu) {}

  private static Amounts amounts(StepModel step, ParameterSources r) {
    Resources resources = Resources.of(step, r.problems);
    BigDecimal requestedCpu = r.value("cpu", AttributeValues::cpu, KubernetesOptions.CPU);
    BigDecimal cpu =
        resources.cpu().filter(c -> c.compareTo(requestedCpu) > 0).orElse(requestedCpu);
    long memory =
        Math.max(
            r.value(
                "memory",
                v -> AttributeValues.whole(v, 1, Integer.MAX_VALUE, "\"4096\""),
                KubernetesOptions.MEMORY),
            resources.memoryMb().orElse(0L));
    long disk =
        Math.max(
            r.value(
                "disk",
                v -> AttributeValues.whole(v, 1, Integer.MAX_VALUE, "\"10240\""),
                KubernetesOptions.DISK),
            resources.diskMb().orElse(0L));
    long gpu =
        r.explicit("gpu", v -> AttributeValues.whole(v, 0, 1024, "\"1\""))
            .or(resources::gpu)
            .orElse(0L);
    return new Amounts(cpu, memory, disk, gpu);
  }

  private static Optional<Tmpfs> tmpfs(ParameterSources r, long memory) {
    boolean useTmpfs = r.explicit("useTmpfs", AttributeValues::bool).orElse(false);
    Optional<Long> tmpfsSize =
        r.explicit("tmpfsSize", v -> AttributeValues.whole(v, 1, Integer.MAX_VALUE, "\"2048\""));
    boolean tmpfsTempdir = r.explicit("tmpfsTempdir", AttributeValues::bool).orElse(true);
    String tmpfsPath =
        r.explicit(
                "tmpfsPath",
                v ->
                    KubernetesRules.absolutePath(
                        "tmpfs path", AttributeValues.text(v), "\"/metaflow_temp\""))
            .orElse("/metaflow_temp");
    return useTmpfs || tmpfsSize.isPresent()
        ? Optional.of(new Tmpfs(tmpfsSize.orElse(Math.max(1, memory / 2)), tmpfsPath, tmpfsTempdir))
        : Optional.empty();
  }

  private static SecuritySettings security(ParameterSources r) {
    return r.explicit(
            "securityContext",
            v ->
                SecuritySettings.fromMap(
                    AttributeValues.keyValues(v, true, SecuritySettings.EXAMPLE)))
        .orElse(SecuritySettings.none());
  }

  /**
   * Whether the restricted profile applies; its conflicts with the step's security are problems.
   */
  private boolean restricted(StepModel step, ParameterSources r, SecuritySettings security) {
    boolean restricted =
        r.value(
                "securityProfile",
                v -> KubernetesOptions.SECURITY_PROFILE.parse(AttributeValues.text(v)),
                KubernetesOptions.SECURITY_PROFILE)
            .equals("restricted");
    if (restricted) {
      RestrictedProfile.conflicts(step.name(), security).forEach(r.problems::add);
    }
    return restricted;
  }

  private static List<String> names(String what, List<String> names) {
    names.forEach(
        n -> KubernetesRules.dnsSubdomain(what + " \"" + n + "\"", n, "\"db-credentials\""));
    return names;
  }

  private static Map<String, String> extendedResources(Map<String, String> map) {
    map.forEach(
        (name, qty) -> {
          if (!name.contains("/")) {
            throw new InvalidValueException(
                "has resource \""
                    + name
                    + "\" without a domain prefix (extended resources are named like"
                    + " vendor.com/resource; use cpu, memory, disk and gpu for the standard ones)",
                "\"vpc.amazonaws.com/efa=1\"");
          }
          KubernetesRules.labelKey("extended resource", name, "\"vpc.amazonaws.com/efa=1\"");
          KubernetesRules.quantity("quantity for \"" + name + "\"", qty, "\"" + name + "=1\"");
        });
    return map;
  }

  private long runtimeLimit(StepModel step, List<Problem> problems) {
    Optional<ResolvedDecorator> timeout = step.resolved().decorator("timeout");
    if (timeout.isEmpty()) {
      return settings.find(RuntimeOptions.DEFAULT_RUNTIME_LIMIT).orElse(432000L);
    }
    long total = StepDecorators.timeoutSeconds(timeout.get());
    if (total < 60) {
      problems.add(
          new Problem(
              "step '" + step.name() + "': @Timeout",
              total + " seconds",
              "is below 60 seconds (a step on Kubernetes needs a time limit of at least 60"
                  + " seconds)",
              "@Timeout(minutes = 5)"));
    }
    return total;
  }
}
