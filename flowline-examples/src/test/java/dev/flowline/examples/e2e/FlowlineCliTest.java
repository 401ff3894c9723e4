package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness runs bin/flowline as a user's shell would, not as the test JVM is set up. */
class FlowlineCliTest {
  @TempDir Path dir;

  @Test
  void theClassPathIsTheRuntimeClassPathWithoutTestLibraries() throws Exception {
    var entries = Arrays.asList(FlowlineCli.classPath().split(File.pathSeparator));
    assertThat(entries.get(0))
        .endsWith(Path.of("flowline-examples", "target", "classes").toString());
    assertThat(entries).anyMatch(e -> e.contains("flowline-core"));
    assertThat(entries).anyMatch(e -> e.contains("picocli"));
    assertThat(entries)
        .noneMatch(
            e ->
                e.contains("junit")
                    || e.contains("assertj")
                    || e.contains("flowline-testkit")
                    || e.contains("surefire")
                    || e.endsWith("test-classes"));
  }

  @Test
  void theEnvironmentHasNoSettingsOfTheDevelopersShell() throws Exception {
    var cli = new FlowlineCli(Files.createDirectories(dir.resolve("work")));
    var env =
        cli.environment(
            Map.of(
                "PATH", "/usr/bin",
                "METAFLOW_DEFAULT_DATASTORE", "s3",
                "METAFLOW_PROFILE", "dev",
                "FLOWLINE_WORKER_JVM_OPTS", "-Xmx1m"),
            Map.of("METAFLOW_RUN_NAME", "given"));
    assertThat(env)
        .containsEntry("PATH", "/usr/bin")
        .containsEntry("METAFLOW_RUN_NAME", "given")
        .containsEntry("METAFLOW_USER", "tester")
        .doesNotContainKeys(
            "METAFLOW_DEFAULT_DATASTORE", "METAFLOW_PROFILE", "FLOWLINE_WORKER_JVM_OPTS");
    assertThat(Path.of(env.get("METAFLOW_HOME"))).isEmptyDirectory();
  }

  @Test
  void aFlowRunsOnThatClassPath() throws Exception {
    var cli = new FlowlineCli(Files.createDirectories(dir.resolve("work")));
    var r = cli.run("dev.flowline.examples.HelloFlow", "run");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("HELLO WORLD");
  }
}
