package dev.flowline.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.runtime.flows.LinearFlow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting worker JVMs, with a java command that fails or hangs on purpose. */
class WorkerPoolTest {
  @TempDir Path dir;

  private final String realJava =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  /** A JVM command whose java is {@code script}, run with the real java as $REAL_JAVA. */
  private JvmCommand command(String script) throws IOException {
    Path file = dir.resolve("java.sh");
    Files.writeString(file, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    var real = JvmCommand.forCurrentProcess(List.of(), List.of());
    return new JvmCommand(
        file.toString(), real.jvmOptions(), real.frameworkClassPath(), real.userClassPath());
  }

  private Map<String, String> env() {
    return Map.of(
        "PATH", System.getenv("PATH"),
        "REAL_JAVA", realJava,
        "MARK", dir.resolve("started-once").toString());
  }

  @Test
  void aFailedStartFailsTheWaitingTaskButNotTheTasksAfterIt() throws Exception {
    var jvm =
        command(
            "if [ ! -f \"$MARK\" ]; then touch \"$MARK\"; echo 'first start fails' >&2; exit 3;"
                + " fi\nexec \"$REAL_JAVA\" \"$@\"");
    try (var pool = new WorkerPool(jvm, LinearFlow.class.getName(), dir, env(), 1)) {
      assertThatThrownBy(pool::acquire)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("exited with code 3 while starting")
          .hasMessageContaining("first start fails");
      WorkerProcess w = pool.acquire();
      assertThat(w.alive()).isTrue();
      pool.release(w, false);
    }
  }

  @Test
  void prestartWaitsForTheJvmOnAThreadOfItsOwnNotOnTheCommonPool() throws Exception {
    var jvm = command("exec sleep 60");
    var pool = new WorkerPool(jvm, LinearFlow.class.getName(), dir, env(), 1);
    try {
      pool.prestart();
      Thread starter = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (starter == null && System.nanoTime() < deadline) {
        starter =
            Thread.getAllStackTraces().entrySet().stream()
                .filter(
                    e ->
                        Arrays.stream(e.getValue())
                            .anyMatch(
                                f ->
                                    f.getClassName().equals(WorkerProcess.class.getName())
                                        && f.getMethodName().equals("startWarm")))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
        Thread.sleep(20);
      }
      assertThat(starter).as("a thread starting the worker").isNotNull();
      // CompletableFuture.runAsync ran it on a common-pool thread where the common pool has two or
      // more threads, and on a new unnamed thread below that
      assertThat(starter).isNotInstanceOf(ForkJoinWorkerThread.class);
      assertThat(starter.getName()).isEqualTo("flowline-worker-start");
    } finally {
      pool.close();
      ProcessHandle.current()
          .descendants()
          .filter(p -> p.info().command().map(c -> c.endsWith("sleep")).orElse(false))
          .forEach(ProcessHandle::destroyForcibly);
    }
  }
}
