package dev.flowline.kubernetes.preflight;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one pod asks of the cluster, read from the pod itself (the step's rendered template, so the
 * checks see exactly what is submitted): its resource requests and limits, summed over its
 * containers, in base units (cores, bytes, counts). As in Kubernetes, a resource with a limit but
 * no request (a GPU) requests its limit.
 *
 * @param requests resource name to amount
 * @param limits resource name to amount (only resources with a limit)
 */
record PodAsk(Map<String, BigDecimal> requests, Map<String, BigDecimal> limits) {
  private static final BigDecimal MEGA = BigDecimal.valueOf(1_000_000);
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  /** Canonical form: immutable maps, order kept. */
  PodAsk {
    requests = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requests));
    limits = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(limits));
  }

  /** What {@code pod} asks. */
  static PodAsk of(Pod pod) {
    Map<String, BigDecimal> requests = new LinkedHashMap<>();
    Map<String, BigDecimal> limits = new LinkedHashMap<>();
    for (Container c : pod.getSpec().getContainers()) {
      var r = c.getResources();
      if (r == null) {
        continue;
      }
      add(limits, r.getLimits());
      add(requests, r.getRequests());
      if (r.getLimits() != null) {
        r.getLimits()
            .forEach(
                (name, q) -> {
                  if (r.getRequests() == null || !r.getRequests().containsKey(name)) {
                    requests.merge(name, q.getNumericalAmount(), BigDecimal::add);
                  }
                });
      }
    }
    return new PodAsk(requests, limits);
  }

  private static void add(Map<String, BigDecimal> into, Map<String, Quantity> from) {
    if (from != null) {
      from.forEach((name, q) -> into.merge(name, q.getNumericalAmount(), BigDecimal::add));
    }
  }

  /** The requests as {@code cpu=2, memory=4096M, ...}. */
  String describeRequests() {
    var out = new StringBuilder();
    requests.forEach(
        (name, amount) ->
            out.append(out.length() == 0 ? "" : ", ")
                .append(name)
                .append('=')
                .append(show(name, amount, RoundingMode.UP)));
    return out.toString();
  }

  /**
   * {@code amount} of {@code resource} as a user reads it: cores or millicores for cpu, {@code M}
   * (10^6 bytes, the unit of the step's memory and disk) for memory and storage, a count otherwise;
   * rounded with {@code rounding} where it does not come out even.
   */
  static String show(String resource, BigDecimal amount, RoundingMode rounding) {
    if (resource.equals("cpu") || resource.endsWith(".cpu")) {
      return cores(amount, rounding);
    }
    if (isBytes(resource)) {
      return plain(amount.divide(MEGA, 0, rounding)) + "M";
    }
    return plain(amount.setScale(0, rounding));
  }

  /** Whether {@code resource} (possibly {@code requests.}/{@code limits.}-prefixed) is in bytes. */
  static boolean isBytes(String resource) {
    String r = resource.replaceFirst("^(requests|limits)\\.", "");
    return r.equals("memory")
        || r.equals("storage")
        || r.equals("ephemeral-storage")
        || r.startsWith("hugepages-");
  }

  /** Whole cores as such ({@code 4}), less than one in millicores ({@code 400m}), else decimal. */
  private static String cores(BigDecimal amount, RoundingMode rounding) {
    if (amount.stripTrailingZeros().scale() <= 0) {
      return plain(amount);
    }
    if (amount.abs().compareTo(BigDecimal.ONE) < 0) {
      return plain(amount.multiply(THOUSAND).setScale(0, rounding)) + "m";
    }
    return plain(amount.setScale(3, rounding));
  }

  private static String plain(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }
}
