package dev.flowline.kubernetes.diagnose;

import dev.flowline.kubernetes.config.KubernetesOptions;

/**
 * Which Flowline setting asks for a Kubernetes resource, for fixes: {@code cpu} is
 * {@code @Kubernetes(cpu)}, {@code @Resources(cpu)} or {@code METAFLOW_KUBERNETES_CPU}, and so on.
 * Quota names ({@code requests.cpu}, {@code limits.memory}) are read as their resource.
 */
final class ResourceSettings {
  private ResourceSettings() {}

  /** {@code requests.cpu} and {@code limits.cpu} are {@code cpu}. */
  static String resource(String name) {
    if (name.startsWith("requests.")) {
      return name.substring("requests.".length());
    }
    if (name.startsWith("limits.")) {
      return name.substring("limits.".length());
    }
    return name;
  }

  static boolean gpu(String resource) {
    return resource(resource).endsWith("/gpu");
  }

  /** What the resource is called in a sentence: {@code cpu}, {@code memory}, {@code GPUs}. */
  static String noun(String name) {
    String r = resource(name);
    return switch (r) {
      case "cpu" -> "CPU";
      case "memory" -> "memory";
      case "ephemeral-storage" -> "ephemeral storage (disk)";
      case "pods" -> "pods";
      default -> gpu(r) ? "GPUs (" + r + ")" : r;
    };
  }

  /**
   * The settings that ask for it, e.g. {@code @Kubernetes(cpu = ...), @Resources(cpu = ...) or
   * METAFLOW_KUBERNETES_CPU}.
   */
  static String settings(String name) {
    String r = resource(name);
    return switch (r) {
      case "cpu" ->
          "@Kubernetes(cpu = ...), @Resources(cpu = ...) or " + KubernetesOptions.CPU.key();
      case "memory" ->
          "@Kubernetes(memory = ...), @Resources(memory = ...) or "
              + KubernetesOptions.MEMORY.key();
      case "ephemeral-storage" ->
          "@Kubernetes(disk = ...), @Resources(disk = ...) or " + KubernetesOptions.DISK.key();
      default ->
          gpu(r)
              ? "@Kubernetes(gpu = ...) or @Resources(gpu = ...)"
              : "@Kubernetes(extendedResources = ...)";
    };
  }
}
