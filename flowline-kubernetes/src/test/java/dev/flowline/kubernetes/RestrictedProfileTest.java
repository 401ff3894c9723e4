package dev.flowline.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.kubernetes.render.JobRenderer;
import dev.flowline.testkit.pss.RestrictedPodSecurity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestrictedProfileTest {
  @TempDir Path tmp;

  private List<String> violations(Fixtures f) {
    return RestrictedPodSecurity.violations(
        new JobRenderer().render(f.context()).getSpec().getTemplate().getSpec());
  }

  @Test
  void restrictedProfilePassesThePodSecurityStandard() {
    assertThat(
            violations(
                Fixtures.in(tmp)
                    .env("METAFLOW_KUBERNETES_SECURITY_PROFILE", "restricted")
                    .kubernetes(
                        "persistentVolumeClaims",
                        List.of("d=/d"),
                        "sharedMemory",
                        64,
                        "useTmpfs",
                        true,
                        "port",
                        8080)))
        .isEmpty();
  }

  @Test
  void restrictedProfileKeepsCompatibleUserSettings() {
    var f =
        Fixtures.in(tmp)
            .kubernetes(
                "securityProfile",
                "restricted",
                "securityContext",
                List.of("runAsUser=4242", "seccompProfile=Localhost/profiles/task.json"));
    assertThat(violations(f)).isEmpty();
    var container =
        new JobRenderer()
            .render(f.context())
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(container.getSecurityContext().getRunAsUser()).isEqualTo(4242L);
  }

  @Test
  void withoutTheProfileAPlainPodIsNotRestricted() {
    assertThat(violations(Fixtures.in(tmp).kubernetes()))
        .contains(
            "container train: securityContext.allowPrivilegeEscalation must be false",
            "container train: securityContext.capabilities.drop must include ALL");
  }
}
