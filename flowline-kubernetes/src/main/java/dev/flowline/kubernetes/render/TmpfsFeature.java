package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * A memory-backed tmpfs (emptyDir, medium Memory, size limit in Mi) at the tmpfs path; with {@code
 * tmpfsTempdir}, {@code METAFLOW_TEMPDIR} points at it unless the step's environment sets it.
 */
public final class TmpfsFeature implements PodFeature {
  /** The volume's name. */
  public static final String VOLUME = "tmpfs-ephemeral-volume";

  @Override
  public StepPod apply(StepPod pod, TaskContext ctx) {
    var tmpfs = ctx.settings().tmpfs();
    if (tmpfs.isEmpty()) {
      return pod;
    }
    var t = tmpfs.get();
    var p =
        new PodBuilder(pod.pod())
            .editOrNewSpec()
            .addNewVolume()
            .withName(VOLUME)
            .withNewEmptyDir()
            .withMedium("Memory")
            .withSizeLimit(new Quantity(t.sizeMb() + "Mi"))
            .endEmptyDir()
            .endVolume()
            .endSpec()
            .build();
    var main =
        new ContainerBuilder(pod.main())
            .addNewVolumeMount()
            .withName(VOLUME)
            .withMountPath(t.path())
            .endVolumeMount();
    boolean envSet =
        pod.main().getEnv().stream().anyMatch(e -> e.getName().equals("METAFLOW_TEMPDIR"));
    if (t.tempdir() && !envSet) {
      main.addNewEnv().withName("METAFLOW_TEMPDIR").withValue(t.path()).endEnv();
    }
    return new StepPod(p, main.build());
  }
}
