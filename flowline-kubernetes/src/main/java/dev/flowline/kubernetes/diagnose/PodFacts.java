package dev.flowline.kubernetes.diagnose;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Null-safe reads of a pod's spec and status, and how amounts are shown: CPUs as cores, memory and
 * storage in MB (10^6 bytes, the unit of {@code @Kubernetes(memory)}).
 */
final class PodFacts {
  private PodFacts() {}

  static PodSpec spec(Pod pod) {
    return pod.getSpec() == null ? new PodSpec() : pod.getSpec();
  }

  static PodStatus status(Pod pod) {
    return pod.getStatus() == null ? new PodStatus() : pod.getStatus();
  }

  static String name(Pod pod) {
    return pod.getMetadata() == null ? "" : Objects.toString(pod.getMetadata().getName(), "");
  }

  static String namespace(Pod pod) {
    return pod.getMetadata() == null
        ? "default"
        : Objects.toString(pod.getMetadata().getNamespace(), "default");
  }

  static String phase(Pod pod) {
    return Objects.toString(status(pod).getPhase(), "");
  }

  static boolean deleting(Pod pod) {
    return pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null;
  }

  static Optional<PodCondition> condition(Pod pod, String type) {
    return list(status(pod).getConditions()).stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  static List<ContainerStatus> initStatuses(Pod pod) {
    return list(status(pod).getInitContainerStatuses());
  }

  static List<ContainerStatus> mainStatuses(Pod pod) {
    return list(status(pod).getContainerStatuses());
  }

  /** The spec of container {@code name}, main or init. */
  static Optional<Container> container(Pod pod, String name) {
    List<Container> all = new ArrayList<>(list(spec(pod).getContainers()));
    all.addAll(list(spec(pod).getInitContainers()));
    return all.stream().filter(c -> Objects.equals(c.getName(), name)).findFirst();
  }

  /** "container train" or "init container fetch-code". */
  static String describeContainer(Pod pod, String name) {
    boolean init =
        list(spec(pod).getInitContainers()).stream().anyMatch(c -> name.equals(c.getName()));
    return (init ? "init container " : "container ") + name;
  }

  static List<String> pullSecrets(Pod pod) {
    return list(spec(pod).getImagePullSecrets()).stream()
        .map(LocalObjectReference::getName)
        .filter(Objects::nonNull)
        .toList();
  }

  static Map<String, String> nodeSelector(Pod pod) {
    Map<String, String> s = spec(pod).getNodeSelector();
    return s == null ? Map.of() : s;
  }

  static List<Toleration> tolerations(Pod pod) {
    return list(spec(pod).getTolerations());
  }

  /** Volume name to PersistentVolumeClaim name, for the pod's claim volumes. */
  static Map<String, String> claimsByVolume(Pod pod) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Volume v : list(spec(pod).getVolumes())) {
      if (v.getPersistentVolumeClaim() != null) {
        out.put(v.getName(), v.getPersistentVolumeClaim().getClaimName());
      }
    }
    return out;
  }

  /**
   * What the pod requests of {@code resource}, in its base unit (cores, bytes, devices): the sum
   * over its containers, or the largest init container's when that is more, as the scheduler
   * counts.
   */
  static Optional<BigDecimal> request(Pod pod, String resource) {
    BigDecimal sum = BigDecimal.ZERO;
    boolean any = false;
    for (Container c : list(spec(pod).getContainers())) {
      Optional<BigDecimal> r = request(c, resource);
      if (r.isPresent()) {
        sum = sum.add(r.get());
        any = true;
      }
    }
    for (Container c : list(spec(pod).getInitContainers())) {
      Optional<BigDecimal> r = request(c, resource);
      if (r.isPresent() && r.get().compareTo(sum) > 0) {
        sum = r.get();
        any = true;
      }
    }
    return any ? Optional.of(sum) : Optional.empty();
  }

  /** A container's request of {@code resource}; its limit when it sets no request. */
  static Optional<BigDecimal> request(Container c, String resource) {
    if (c.getResources() == null) {
      return Optional.empty();
    }
    Quantity q = quantity(c.getResources().getRequests(), resource);
    if (q == null) {
      q = quantity(c.getResources().getLimits(), resource);
    }
    return q == null ? Optional.empty() : Optional.of(Quantity.getAmountInBytes(q));
  }

  /** A container's limit of {@code resource}. */
  static Optional<Quantity> limit(Container c, String resource) {
    return c.getResources() == null
        ? Optional.empty()
        : Optional.ofNullable(quantity(c.getResources().getLimits(), resource));
  }

  private static Quantity quantity(Map<String, Quantity> m, String resource) {
    return m == null ? null : m.get(resource);
  }

  /** An amount of {@code resource} for people: {@code 64 CPUs}, {@code 8192 MB}, {@code 2}. */
  static String amount(String resource, BigDecimal value) {
    String base = resource.startsWith("requests.") ? resource.substring(9) : resource;
    base = base.startsWith("limits.") ? base.substring(7) : base;
    if (base.equals("cpu")) {
      String cores = plain(value);
      return cores + (value.compareTo(BigDecimal.ONE) == 0 ? " CPU" : " CPUs");
    }
    if (base.equals("memory") || base.contains("storage")) {
      return megabytes(value) + " MB";
    }
    return plain(value);
  }

  /** Bytes as whole MB (10^6 bytes), rounded up. */
  static long megabytes(BigDecimal bytes) {
    return bytes.divide(BigDecimal.valueOf(1_000_000), 0, RoundingMode.CEILING).longValueExact();
  }

  static String plain(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
  }

  static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}
