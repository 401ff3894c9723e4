package dev.flowline.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order in which a container's bind mounts are made. */
class ContainerRunnerTest {
  private static ContainerProcess.Mount mount(String source, String target) {
    return new ContainerProcess.Mount(Path.of(source), target, false);
  }

  @Test
  void aVolumeAtTmpIsMountedAfterTheVolumesWhoseSourcesAreUnderTheHostsTmp() {
    // Argo's wait container: tmp-dir-argo at /tmp, var-run-argo at /var/run/argo, both in a
    // cluster folder under the host's /tmp; mounted in this order, /var/run/argo's source is gone
    var tmp = mount("/tmp/c/pods/u/volumes/tmp-dir-argo", "/tmp");
    var argo = mount("/tmp/c/pods/u/volumes/var-run-argo", "/var/run/argo");
    var hosts = mount("/tmp/c/pods/u/etc-hosts", "/etc/hosts");
    assertThat(ContainerRunner.sourcesFirst(List.of(tmp, argo, hosts)))
        .containsExactly(argo, hosts, tmp);
  }

  @Test
  void mountsThatHideNoSourceKeepTheirOrder() {
    var a = mount("/srv/c/pods/u/volumes/a", "/data");
    var b = mount("/srv/c/pods/u/volumes/b", "/data/b");
    var tmp = mount("/srv/c/pods/u/containers/main-0-tmp", "/tmp");
    assertThat(ContainerRunner.sourcesFirst(List.of(a, b, tmp))).containsExactly(a, b, tmp);
  }

  @Test
  void aTargetIsComparedByPathComponentsNotByText() {
    var tmpx = mount("/tmpx/c/volumes/a", "/a");
    var tmp = mount("/tmp/c/volumes/t", "/tmp");
    assertThat(ContainerRunner.sourcesFirst(List.of(tmp, tmpx))).containsExactly(tmp, tmpx);
  }
}
