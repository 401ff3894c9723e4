package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * A memory-backed {@code /dev/shm} of the requested size (emptyDir, medium Memory, size limit in
 * Mi).
 */
public final class SharedMemoryFeature implements PodFeature {
  /** The volume's name. */
  public static final String VOLUME = "dshm";

  @Override
  public StepPod apply(StepPod pod, TaskContext ctx) {
    var shm = ctx.settings().sharedMemoryMb();
    if (shm.isEmpty()) {
      return pod;
    }
    var p =
        new PodBuilder(pod.pod())
            .editOrNewSpec()
            .addNewVolume()
            .withName(VOLUME)
            .withNewEmptyDir()
            .withMedium("Memory")
            .withSizeLimit(new Quantity(shm.get() + "Mi"))
            .endEmptyDir()
            .endVolume()
            .endSpec()
            .build();
    var main =
        new ContainerBuilder(pod.main())
            .addNewVolumeMount()
            .withName(VOLUME)
            .withMountPath("/dev/shm")
            .endVolumeMount()
            .build();
    return new StepPod(p, main);
  }
}
