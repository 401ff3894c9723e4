package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/** A memory-backed emptyDir (medium Memory, size limit in Mi) mounted into the main container. */
final class MemoryVolume {
  private MemoryVolume() {}

  /** {@code pod} with volume {@code name} of {@code sizeMb} MiB mounted at {@code mountPath}. */
  static StepPod mount(StepPod pod, String name, long sizeMb, String mountPath) {
    var p =
        new PodBuilder(pod.pod())
            .editOrNewSpec()
            .addNewVolume()
            .withName(name)
            .withNewEmptyDir()
            .withMedium("Memory")
            .withSizeLimit(new Quantity(sizeMb + "Mi"))
            .endEmptyDir()
            .endVolume()
            .endSpec()
            .build();
    var main =
        new ContainerBuilder(pod.main())
            .addNewVolumeMount()
            .withName(name)
            .withMountPath(mountPath)
            .endVolumeMount()
            .build();
    return new StepPod(p, main);
  }
}
