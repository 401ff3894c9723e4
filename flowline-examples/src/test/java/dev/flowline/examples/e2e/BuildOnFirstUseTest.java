package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build on first use of {@code bin/flowline}, run on a copy of the script in a checkout whose
 * Maven wrapper and {@code java} are stand-ins that record their calls (a real build takes minutes
 * and would rewrite the jars the other tests use): one build at a time, and only when the project's
 * own sources change.
 */
class BuildOnFirstUseTest {
  @TempDir Path root;

  private Path calls;

  @BeforeEach
  void checkout() throws IOException {
    calls = root.resolve("calls.txt");
    Files.createDirectories(root.resolve("bin"));
    Files.copy(FlowlineCli.repoRoot().resolve("bin/flowline"), root.resolve("bin/flowline"));
    executable(root.resolve("bin/flowline"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.createDirectories(root.resolve("flowline-core/src/main/java"));
    Files.writeString(root.resolve("flowline-core/pom.xml"), "<project/>");
    Files.writeString(root.resolve("flowline-core/src/main/java/A.java"), "class A {}");
    // the wrapper: slow enough for builds to overlap; writes what the real build writes
    script(
        root.resolve("mvnw"),
        "echo mvnw >> " + calls,
        "sleep 2",
        "mkdir -p flowline-examples/target",
        "echo jar > flowline-examples/target/flowline-examples-0.1.jar",
        "printf /deps.jar > flowline-examples/target/flowline-deps.classpath");
    // java: the CDS run makes its archives, any other run prints its class path
    script(
        root.resolve("jdk/bin/java"),
        "for a in \"$@\"; do case \"$a\" in -XX:ArchiveClassesAtExit=*) touch \"${a#*=}\";;"
            + " esac; done",
        "case \"${FLOWLINE_WORKER_JVM_OPTS:-}\" in *ArchiveClassesAtExit=*)"
            + " touch \"${FLOWLINE_WORKER_JVM_OPTS#*=}\"; exit 0;; esac",
        "while [ $# -gt 0 ]; do [ \"$1\" = -cp ] && echo \"cp=$2\"; shift; done");
  }

  private static void script(Path file, String... lines) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, "#!/usr/bin/env bash\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    executable(file);
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Process start() throws IOException {
    var pb = new ProcessBuilder(root.resolve("bin/flowline").toString(), "F", "run");
    pb.environment().remove("FLOWLINE_CLASSPATH");
    pb.environment().remove("FLOWLINE_WORKER_JVM_OPTS");
    pb.environment().put("JAVA_HOME", root.resolve("jdk").toString());
    pb.redirectErrorStream(true);
    return pb.start();
  }

  private String finish(Process p) throws Exception {
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private long builds() throws IOException {
    return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
  }

  private static void touchLater(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    if (!Files.exists(file)) {
      Files.writeString(file, "class X {}");
    }
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
  }

  @Test
  void concurrentFirstUsesBuildOnceAndAllRun() throws Exception {
    var processes = new ArrayList<Process>();
    for (int i = 0; i < 3; i++) {
      processes.add(start());
    }
    var outputs = new ArrayList<String>();
    for (var p : processes) {
      outputs.add(finish(p));
    }
    assertThat(builds()).isEqualTo(1);
    assertThat(outputs)
        .allMatch(o -> o.contains("cp=" + root.resolve("flowline-examples/target") + "/"))
        .anyMatch(o -> o.contains("waiting for another bin/flowline to finish building"));
    assertThat(root.resolve("flowline-examples/target/flowline-build.lock")).doesNotExist();
    try (var left = Files.list(root.resolve("flowline-examples/target"))) {
      assertThat(left.map(f -> f.getFileName().toString()).filter(n -> n.contains(".new.")))
          .isEmpty();
    }
  }

  @Test
  void onlyTheProjectsOwnSourcesTriggerABuild() throws Exception {
    finish(start());
    assertThat(builds()).isEqualTo(1);
    touchLater(root.resolve("myflows/MyFlow.java"));
    touchLater(root.resolve("flowline-core/src/test/java/ATest.java"));
    assertThat(finish(start())).doesNotContain("building");
    assertThat(builds()).isEqualTo(1);
    for (var source :
        List.of(
            root.resolve("flowline-core/src/main/java/A.java"),
            root.resolve("flowline-core/src/main/resources/x.properties"),
            root.resolve("flowline-core/pom.xml"))) {
      long before = builds();
      touchLater(source);
      assertThat(finish(start())).as(source.toString()).contains("building the project once");
      assertThat(builds()).as(source.toString()).isEqualTo(before + 1);
      // the stamp of that build is older than the touched file: move the file back in time
      Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(60)));
    }
  }

  @Test
  void theLockOfAKilledBuildIsTakenOver() throws Exception {
    Path lock =
        Files.createDirectories(root.resolve("flowline-examples/target/flowline-build.lock"));
    Files.writeString(lock.resolve("pid"), "999999\n");
    String out = finish(start());
    assertThat(out).contains("removing the build lock of a stopped build (pid 999999)");
    assertThat(builds()).isEqualTo(1);
    assertThat(lock).doesNotExist();
  }
}
