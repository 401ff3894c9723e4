package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests and limits. Burstable: requests only for cpu, memory ({@code M}) and {@code
 * ephemeral-storage} ({@code M}); Guaranteed: limits equal requests. Extended resources go into
 * both; GPUs are a limit {@code nvidia.com/gpu} or {@code amd.com/gpu} (Kubernetes sets the request
 * equal).
 */
public final class ResourcesFeature implements PodFeature {
  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    var s = ctx.settings();
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", new Quantity(s.cpu().toPlainString()));
    requests.put("memory", new Quantity(s.memoryMb() + "M"));
    requests.put("ephemeral-storage", new Quantity(s.diskMb() + "M"));
    Map<String, Quantity> limits = new LinkedHashMap<>();
    if (s.guaranteed()) {
      limits.putAll(requests);
    }
    s.extendedResources()
        .forEach(
            (name, qty) -> {
              requests.put(name, new Quantity(qty));
              limits.put(name, new Quantity(qty));
            });
    if (s.gpu() > 0) {
      limits.put(s.gpuVendor() + ".com/gpu", new Quantity(Long.toString(s.gpu())));
    }
    var main =
        new ContainerBuilder(pod.main())
            .withNewResources()
            .withRequests(requests)
            .withLimits(limits.isEmpty() ? null : limits)
            .endResources()
            .build();
    return new StepPod(pod.pod(), main);
  }
}
