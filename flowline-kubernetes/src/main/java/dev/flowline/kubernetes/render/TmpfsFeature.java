package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.ContainerBuilder;

/**
 * A memory-backed tmpfs (emptyDir, medium Memory, size limit in Mi) at the tmpfs path; with {@code
 * tmpfsTempdir}, {@code METAFLOW_TEMPDIR} points at it unless the step's environment sets it.
 */
public final class TmpfsFeature implements PodFeature {
  /** The volume's name. */
  public static final String VOLUME = "tmpfs-ephemeral-volume";

  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    var tmpfs = ctx.settings().tmpfs();
    if (tmpfs.isEmpty()) {
      return pod;
    }
    var t = tmpfs.get();
    StepPod mounted = MemoryVolume.mount(pod, VOLUME, t.sizeMb(), t.path());
    boolean envSet =
        pod.main().getEnv().stream().anyMatch(e -> e.getName().equals("METAFLOW_TEMPDIR"));
    if (!t.tempdir() || envSet) {
      return mounted;
    }
    var main =
        new ContainerBuilder(mounted.main())
            .addNewEnv()
            .withName("METAFLOW_TEMPDIR")
            .withValue(t.path())
            .endEnv()
            .build();
    return new StepPod(mounted.pod(), main);
  }
}
