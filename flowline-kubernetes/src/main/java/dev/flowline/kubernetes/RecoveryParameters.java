package dev.flowline.kubernetes;

import dev.flowline.config.Problem;
import dev.flowline.kubernetes.config.KubernetesOptions;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Reads a step's {@link RecoverySettings}: {@code pendingTimeout}, {@code infrastructureRetries},
 * {@code oomMemoryFactor} and {@code oomMemoryMax}, each overriding (the step's value &gt; {@code
 * METAFLOW_KUBERNETES_*} &gt; default). A cap without a factor, or a cap below the step's memory,
 * is a problem: either would silently do nothing.
 */
final class RecoveryParameters {
  private RecoveryParameters() {}

  /**
   * The recovery settings of the step read by {@code r}, whose memory is {@code memoryMb}; problems
   * go to {@code r.problems} (the returned value then holds defaults in their place).
   */
  static RecoverySettings resolve(ParameterSources r, long memoryMb) {
    long pendingTimeout =
        r.value(
            "pendingTimeout",
            v -> AttributeValues.whole(v, 1, Integer.MAX_VALUE, "\"600\""),
            KubernetesOptions.PENDING_TIMEOUT);
    long infrastructureRetries =
        r.value(
            "infrastructureRetries",
            v -> AttributeValues.whole(v, 0, 100, "\"3\""),
            KubernetesOptions.INFRASTRUCTURE_RETRIES);
    Optional<BigDecimal> factor =
        r.optional(
            "oomMemoryFactor", AttributeValues::memoryFactor, KubernetesOptions.OOM_MEMORY_FACTOR);
    Optional<Long> max =
        r.optional(
            "oomMemoryMax",
            v -> AttributeValues.whole(v, 1, Integer.MAX_VALUE, "\"65536\""),
            KubernetesOptions.OOM_MEMORY_MAX);
    if (max.isPresent() && factor.isEmpty()) {
      r.problems.add(
          new Problem(
              r.where("oomMemoryMax", KubernetesOptions.OOM_MEMORY_MAX),
              max.get().toString(),
              "has no effect without oomMemoryFactor (the cap limits the memory step-up after an"
                  + " OOM kill, which the factor turns on)",
              "@Kubernetes(oomMemoryFactor = 1.5, oomMemoryMax = 65536) or"
                  + " METAFLOW_KUBERNETES_OOM_MEMORY_FACTOR=1.5"));
      max = Optional.empty();
    } else if (max.isPresent() && max.get() <= memoryMb) {
      r.problems.add(
          new Problem(
              r.where("oomMemoryMax", KubernetesOptions.OOM_MEMORY_MAX),
              max.get().toString(),
              "is not above the step's memory of "
                  + memoryMb
                  + " MB, so memory could never be raised after an OOM kill (the cap is in MB, like"
                  + " memory)",
              "\"" + Math.min((long) Integer.MAX_VALUE, memoryMb * 4) + "\""));
      max = Optional.empty();
    }
    Optional<Long> cap = max;
    return new RecoverySettings(
        pendingTimeout, (int) infrastructureRetries, factor.map(f -> new MemoryStepUp(f, cap)));
  }
}
