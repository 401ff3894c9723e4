package dev.flowline.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageCatalogTest {

  private final ImageCatalog catalog = ImageCatalog.defaults(Path.of("/opt/jdk"), null);

  @Test
  void temurinImagesRunThisMachinesJdk() {
    assertThat(catalog.find("eclipse-temurin:17-jre"))
        .hasValueSatisfying(
            image -> {
              assertThat(image.path()).containsExactly(Path.of("/opt/jdk/bin"));
              assertThat(image.env()).containsEntry("JAVA_HOME", "/opt/jdk");
            });
    assertThat(catalog.find("quay.io/argoproj/argoexec:v3.7.18")).isEmpty();
  }

  @Test
  void theBenchImageRunsAJavaThatExitsAtOnce(@TempDir Path dir) throws Exception {
    var withNoop = ImageCatalog.defaults(Path.of("/opt/jdk"), null).withBenchNoop(dir);
    assertThat(catalog.find("flowline-bench/noop:1")).isEmpty();
    var image = withNoop.find("flowline-bench/noop:1").orElseThrow();
    assertThat(image.path()).containsExactly(dir);
    var java = new ProcessBuilder(dir.resolve("java").toString(), "-cp", "x", "Main").start();
    assertThat(java.waitFor()).isZero();
  }

  @Test
  void aMissingImageFailsAsContainerdSaysNotFound() {
    assertThat(ImageCatalog.notFoundMessage("python"))
        .isEqualTo(
            "failed to pull and unpack image \"docker.io/library/python:latest\": failed to resolve reference "
                + "\"docker.io/library/python:latest\": docker.io/library/python:latest: not found");
    assertThat(ImageCatalog.fullReference("acme/tool:1")).isEqualTo("docker.io/acme/tool:1");
    assertThat(ImageCatalog.fullReference("registry.example.com:5000/tool"))
        .isEqualTo("registry.example.com:5000/tool:latest");
  }

  @Test
  void thePrivateRegistryHasTheJdkImageAndRefusesAsARegistryDoes() {
    assertThat(catalog.find("registry.flowline.test/private/eclipse-temurin:17-jre"))
        .hasValueSatisfying(image -> assertThat(image.privateRegistry()).isTrue());
    assertThat(catalog.find("eclipse-temurin:17-jre"))
        .hasValueSatisfying(image -> assertThat(image.privateRegistry()).isFalse());
    assertThat(
            ImageCatalog.refusedMessage("registry.flowline.test/private/eclipse-temurin:17", false))
        .isEqualTo(
            "failed to pull and unpack image \"registry.flowline.test/private/eclipse-temurin:17\":"
                + " failed to resolve reference \"registry.flowline.test/private/eclipse-temurin:17\":"
                + " pull access denied, repository does not exist or may require authorization:"
                + " server message: insufficient_scope: authorization failed");
    assertThat(
            ImageCatalog.refusedMessage("registry.flowline.test/private/eclipse-temurin:17", true))
        .endsWith(
            "failed to authorize: failed to fetch oauth token: unexpected status from GET request"
                + " to https://registry.flowline.test/token: 401 Unauthorized");
  }

  @Test
  void pullSecretEntriesMatchByRegistryHostAndPath() {
    var ref = "registry.flowline.test/private/eclipse-temurin:17";
    assertThat(PullCredentials.matches("registry.flowline.test", ref)).isTrue();
    assertThat(PullCredentials.matches("https://registry.flowline.test/", ref)).isTrue();
    assertThat(PullCredentials.matches("registry.flowline.test/private", ref)).isTrue();
    assertThat(PullCredentials.matches("registry.flowline.test/other", ref)).isFalse();
    assertThat(PullCredentials.matches("registry.flowline", ref)).isFalse();
    assertThat(PullCredentials.matches("https://index.docker.io/v1/", "docker.io/library/x:1"))
        .isTrue();
  }
}
