package dev.flowline.kubernetes.render;

import dev.flowline.kubernetes.SecuritySettings;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SeccompProfileBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The container and pod security context the step asks for. With the {@code restricted} profile,
 * unset fields get what the Pod Security Standard "restricted" demands (non-root user and group
 * 1000, no privilege escalation, all capabilities dropped, seccomp {@code RuntimeDefault}, fsGroup
 * 1000), and the container works in a writable emptyDir {@code /flowline} so that a non-root user
 * can write its logs and temp files.
 */
public final class SecurityFeature implements PodFeature {
  /** User and group id of the restricted profile when the step sets none. */
  public static final long RESTRICTED_ID = 1000;

  /** Working directory of restricted pods. */
  public static final String WORK_DIR = "/flowline";

  @Override
  public StepPod apply(StepPod pod, StepContext ctx) {
    SecuritySettings s = ctx.settings().security();
    boolean restricted = ctx.settings().restricted();
    if (restricted) {
      s = restrictedDefaults().overriddenBy(s);
    }
    if (!s.hasContainerFields() && s.fsGroup().isEmpty() && s.seccompProfile().isEmpty()) {
      return pod;
    }
    var main = new ContainerBuilder(pod.main());
    if (s.hasContainerFields()) {
      var sc = new SecurityContextBuilder();
      s.privileged().ifPresent(sc::withPrivileged);
      s.allowPrivilegeEscalation().ifPresent(sc::withAllowPrivilegeEscalation);
      s.runAsUser().ifPresent(sc::withRunAsUser);
      s.runAsGroup().ifPresent(sc::withRunAsGroup);
      s.runAsNonRoot().ifPresent(sc::withRunAsNonRoot);
      s.readOnlyRootFilesystem().ifPresent(sc::withReadOnlyRootFilesystem);
      if (!s.dropCapabilities().isEmpty()) {
        sc.withNewCapabilities().withDrop(new ArrayList<>(s.dropCapabilities())).endCapabilities();
      }
      main.withSecurityContext(sc.build());
    }
    var spec = new PodBuilder(pod.pod()).editOrNewSpec();
    if (s.fsGroup().isPresent() || s.seccompProfile().isPresent()) {
      var psc = spec.editOrNewSecurityContext();
      s.fsGroup().ifPresent(psc::withFsGroup);
      seccomp(s.seccompProfile()).ifPresent(psc::withSeccompProfile);
      psc.endSecurityContext();
    }
    if (restricted) {
      spec.addNewVolume().withName("flowline-workdir").withNewEmptyDir().endEmptyDir().endVolume();
      main.withWorkingDir(WORK_DIR)
          .addNewVolumeMount()
          .withName("flowline-workdir")
          .withMountPath(WORK_DIR)
          .endVolumeMount();
    }
    return new StepPod(spec.endSpec().build(), main.build());
  }

  private static SecuritySettings restrictedDefaults() {
    return new SecuritySettings(
        Optional.empty(),
        Optional.of(false),
        Optional.of(RESTRICTED_ID),
        Optional.of(RESTRICTED_ID),
        Optional.of(true),
        Optional.empty(),
        List.of("ALL"),
        Optional.of(RESTRICTED_ID),
        Optional.of("RuntimeDefault"));
  }

  private static Optional<SeccompProfile> seccomp(Optional<String> profile) {
    return profile.map(
        p ->
            p.startsWith("Localhost/")
                ? new SeccompProfileBuilder()
                    .withType("Localhost")
                    .withLocalhostProfile(p.substring("Localhost/".length()))
                    .build()
                : new SeccompProfileBuilder().withType(p).build());
  }
}
