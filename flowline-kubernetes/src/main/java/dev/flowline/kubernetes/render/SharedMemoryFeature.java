package dev.flowline.kubernetes.render;

/**
 * A memory-backed {@code /dev/shm} of the requested size (emptyDir, medium Memory, size limit in
 * Mi).
 */
public final class SharedMemoryFeature implements PodFeature {
  /** The volume's name. */
  public static final String VOLUME = "dshm";

  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    var shm = ctx.settings().sharedMemoryMb();
    if (shm.isEmpty()) {
      return pod;
    }
    return MemoryVolume.mount(pod, VOLUME, shm.get(), "/dev/shm");
  }
}
