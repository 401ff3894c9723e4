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
  void argoEventsImagesRunTheBuiltBinaryAndDebiansNatsServer(@TempDir Path dir) throws Exception {
    Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
    Path argoEvents = java.nio.file.Files.writeString(bin.resolve("argo-events"), "#!/bin/sh\n");
    argoEvents.toFile().setExecutable(true);
    Path nats = java.nio.file.Files.writeString(dir.resolve("nats-server"), "#!/bin/sh\n");
    nats.toFile().setExecutable(true);
    var withEvents = ImageCatalog.defaults(Path.of("/opt/jdk"), null).withArgoEvents(bin, nats);

    assertThat(catalog.find("quay.io/argoproj/argo-events:v1.9.11")).isEmpty();
    assertThat(catalog.find("nats:2.9.10")).isEmpty();
    var events = withEvents.find("quay.io/argoproj/argo-events:v1.9.11").orElseThrow();
    assertThat(events.path()).containsExactly(bin);
    assertThat(events.entrypoint()).containsExactly("argo-events");
    var server = withEvents.find("nats:2.9.10").orElseThrow();
    assertThat(server.path()).containsExactly(dir);
    assertThat(server.entrypoint()).containsExactly("nats-server");
    // the reloader and the metrics exporter keep running, whatever their arguments
    var reloader = withEvents.find("natsio/nats-server-config-reloader:0.7.0").orElseThrow();
    var command = new java.util.ArrayList<>(reloader.entrypoint());
    command.addAll(java.util.List.of("-pid", "/var/run/nats/nats.pid"));
    var process = new ProcessBuilder(command).start();
    assertThat(process.waitFor(1, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
    process.destroyForcibly();
    assertThat(withEvents.find("natsio/prometheus-nats-exporter:0.9.1")).isPresent();
    assertThat(catalog.find("eclipse-temurin:17").orElseThrow().entrypoint()).isEmpty();
    // without the programs, the images are missing (their pulls fail)
    var without =
        ImageCatalog.defaults(Path.of("/opt/jdk"), null)
            .withArgoEvents(dir.resolve("none"), dir.resolve("none"));
    assertThat(without.find("quay.io/argoproj/argo-events:v1.9.11")).isEmpty();
    assertThat(without.find("nats:2.9.10")).isEmpty();
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
