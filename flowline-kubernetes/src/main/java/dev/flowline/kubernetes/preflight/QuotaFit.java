package dev.flowline.kubernetes.preflight;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ScopedResourceSelectorRequirement;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether one more pod (and its Job) fits the namespace's ResourceQuotas now: for every quota whose
 * scopes cover the pod, each tracked resource's hard amount minus what is used against what the pod
 * asks, after the namespace's LimitRange defaults (the LimitRanger admission plugin applies them
 * before the ResourceQuota plugin counts). A quota that tracks {@code limits.cpu} or {@code
 * limits.memory} refuses a pod without that limit, which a Burstable step's pod is unless a
 * LimitRange gives a default.
 */
final class QuotaFit {
  /**
   * One resource the quota has too little of.
   *
   * @param resource the quota's resource name, e.g. {@code requests.cpu}
   * @param needs what the pod (or its Job) takes of it, base units
   * @param left hard minus used, base units (may be negative)
   * @param hard the quota's hard amount as written
   * @param used the quota's used amount as written ({@code 0} when not reported yet)
   */
  record Shortfall(String resource, BigDecimal needs, BigDecimal left, String hard, String used) {}

  /**
   * Why one quota refuses the pod.
   *
   * @param quota the quota's name
   * @param shortfalls resources with too little left
   * @param missingLimits {@code limits.*} resources the quota tracks but the pod sets no limit for
   */
  record Verdict(String quota, List<Shortfall> shortfalls, List<String> missingLimits) {}

  /** Limits a quota requires the pod to set when it tracks them (the pod evaluator's set). */
  private static final Set<String> REQUIRED_LIMITS = Set.of("limits.cpu", "limits.memory");

  private QuotaFit() {}

  /** The quotas of {@code quotas} that would refuse {@code pod}, in order; empty when it fits. */
  static List<Verdict> check(Pod pod, List<ResourceQuota> quotas, List<LimitRange> ranges) {
    var ask = PodAsk.of(pod);
    Map<String, BigDecimal> limits = new LinkedHashMap<>(ask.limits());
    Map<String, BigDecimal> requests = new LinkedHashMap<>(ask.requests());
    for (LimitRange range : ranges) {
      if (range.getSpec() == null || range.getSpec().getLimits() == null) {
        continue;
      }
      for (var item : range.getSpec().getLimits()) {
        if (!"Container".equals(item.getType())) {
          continue;
        }
        defaults(limits, item.getDefault());
        defaults(requests, item.getDefaultRequest());
        defaults(requests, item.getDefault());
      }
    }
    List<Verdict> out = new ArrayList<>();
    for (ResourceQuota quota : quotas) {
      if (!covers(quota, pod)) {
        continue;
      }
      Map<String, Quantity> hard = quota.getSpec() == null ? null : quota.getSpec().getHard();
      if (hard == null) {
        continue;
      }
      Map<String, Quantity> used =
          quota.getStatus() == null || quota.getStatus().getUsed() == null
              ? Map.of()
              : quota.getStatus().getUsed();
      List<Shortfall> shortfalls = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      hard.forEach(
          (resource, amount) -> {
            if (REQUIRED_LIMITS.contains(resource) && !limits.containsKey(limitOf(resource))) {
              missing.add(resource);
              return;
            }
            demand(resource, requests, limits)
                .filter(needs -> needs.signum() > 0)
                .ifPresent(
                    needs -> {
                      Quantity u = used.get(resource);
                      BigDecimal left =
                          amount
                              .getNumericalAmount()
                              .subtract(u == null ? BigDecimal.ZERO : u.getNumericalAmount());
                      if (left.compareTo(needs) < 0) {
                        shortfalls.add(
                            new Shortfall(
                                resource,
                                needs,
                                left,
                                amount.toString(),
                                u == null ? "0" : u.toString()));
                      }
                    });
          });
      if (!shortfalls.isEmpty() || !missing.isEmpty()) {
        out.add(new Verdict(quota.getMetadata().getName(), shortfalls, missing));
      }
    }
    return out;
  }

  private static void defaults(Map<String, BigDecimal> into, Map<String, Quantity> defaults) {
    if (defaults != null) {
      defaults.forEach((k, q) -> into.putIfAbsent(k, q.getNumericalAmount()));
    }
  }

  private static String limitOf(String quotaResource) {
    return quotaResource.substring("limits.".length());
  }

  /** What the pod and its Job take of quota resource {@code resource}; empty when untracked. */
  private static Optional<BigDecimal> demand(
      String resource, Map<String, BigDecimal> requests, Map<String, BigDecimal> limits) {
    if (resource.equals("pods") || resource.equals("count/pods")) {
      return Optional.of(BigDecimal.ONE);
    }
    if (resource.equals("count/jobs.batch")) {
      return Optional.of(BigDecimal.ONE);
    }
    if (resource.startsWith("limits.")) {
      return Optional.ofNullable(limits.get(limitOf(resource)));
    }
    if (resource.startsWith("requests.")) {
      String name = resource.substring("requests.".length());
      return name.equals("storage") ? Optional.empty() : Optional.ofNullable(requests.get(name));
    }
    if (resource.equals("cpu")
        || resource.equals("memory")
        || resource.equals("ephemeral-storage")) {
      return Optional.ofNullable(requests.get(resource));
    }
    return Optional.empty();
  }

  /** Whether the quota's scopes cover {@code pod} (all of them must). */
  static boolean covers(ResourceQuota quota, Pod pod) {
    var spec = quota.getSpec();
    if (spec == null) {
      return false;
    }
    List<ScopedResourceSelectorRequirement> selectors = new ArrayList<>();
    if (spec.getScopes() != null) {
      for (String scope : spec.getScopes()) {
        var r = new ScopedResourceSelectorRequirement();
        r.setScopeName(scope);
        r.setOperator("Exists");
        selectors.add(r);
      }
    }
    if (spec.getScopeSelector() != null && spec.getScopeSelector().getMatchExpressions() != null) {
      selectors.addAll(spec.getScopeSelector().getMatchExpressions());
    }
    return selectors.stream().allMatch(s -> matches(s, pod));
  }

  private static boolean matches(ScopedResourceSelectorRequirement s, Pod pod) {
    var spec = pod.getSpec();
    boolean terminating =
        spec.getActiveDeadlineSeconds() != null && spec.getActiveDeadlineSeconds() >= 0;
    boolean bestEffort = PodAsk.of(pod).requests().isEmpty() && PodAsk.of(pod).limits().isEmpty();
    boolean in = !"DoesNotExist".equals(s.getOperator()) && !"NotIn".equals(s.getOperator());
    return switch (s.getScopeName()) {
      case "Terminating" -> terminating == in;
      case "NotTerminating" -> !terminating == in;
      case "BestEffort" -> bestEffort == in;
      case "NotBestEffort" -> !bestEffort == in;
      case "PriorityClass" -> priorityClass(s, spec.getPriorityClassName());
      // the pod has no cross-namespace affinity; volume attribute classes concern claims only
      default -> false;
    };
  }

  /**
   * Kubernetes' rule: Exists needs a class; otherwise a selector on the class name ("" if none).
   */
  private static boolean priorityClass(ScopedResourceSelectorRequirement s, String className) {
    String name = className == null ? "" : className;
    List<String> values = s.getValues() == null ? List.of() : s.getValues();
    return switch (s.getOperator()) {
      case "Exists" -> !name.isEmpty();
      case "DoesNotExist" -> false;
      case "In" -> values.contains(name);
      case "NotIn" -> !values.contains(name);
      default -> false;
    };
  }
}
