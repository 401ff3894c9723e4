package dev.flowline.examples.e2e;

import dev.flowline.client.FlowlineClient;
import dev.flowline.config.Config;
import dev.flowline.datastore.Datastores;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/flowline} as a process in a working directory, with the class path of this test
 * JVM (so it never builds), and reads the results back through the client API.
 */
final class FlowlineCli {
  /** A finished command: exit code and output. */
  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  private final Path workDir;
  private final Path cacheDir;

  FlowlineCli(Path workDir) throws IOException {
    this.workDir = workDir;
    this.cacheDir =
        Files.createDirectories(workDir.resolveSibling(workDir.getFileName() + "-cache"));
  }

  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isExecutable(dir.resolve("bin/flowline"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "bin/flowline not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static String classPath() {
    var entries = new ArrayList<String>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.contains("surefire") && !e.endsWith("test-classes")) {
        entries.add(e);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /**
   * Starts {@code bin/flowline args} with {@code extraEnv}; output goes to files in the work dir.
   */
  Process start(Map<String, String> extraEnv, String... args) throws IOException {
    var cmd = new ArrayList<String>();
    cmd.add(repoRoot().resolve("bin/flowline").toString());
    cmd.addAll(List.of(args));
    var pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().put("FLOWLINE_CLASSPATH", classPath());
    pb.environment().put("FLOWLINE_CACHE_DIR", cacheDir.toString());
    pb.environment().put("METAFLOW_USER", "tester");
    pb.environment().putAll(extraEnv);
    pb.redirectOutput(workDir.resolveSibling(workDir.getFileName() + ".out").toFile());
    pb.redirectError(workDir.resolveSibling(workDir.getFileName() + ".err").toFile());
    return pb.start();
  }

  /** Runs {@code bin/flowline args} to the end (at most 3 minutes). */
  Result run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  /** Runs {@code bin/flowline args} with {@code extraEnv} to the end (at most 3 minutes). */
  Result run(Map<String, String> extraEnv, String... args) throws Exception {
    Process p = start(extraEnv, args);
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(
          "bin/flowline " + String.join(" ", args) + " did not finish in 3 minutes");
    }
    return new Result(p.exitValue(), out(), err());
  }

  String out() throws IOException {
    return Files.readString(
        workDir.resolveSibling(workDir.getFileName() + ".out"), StandardCharsets.UTF_8);
  }

  String err() throws IOException {
    return Files.readString(
        workDir.resolveSibling(workDir.getFileName() + ".err"), StandardCharsets.UTF_8);
  }

  /**
   * A client on the local datastore of the work dir, resolving classes with this test's class
   * loader.
   */
  FlowlineClient client() throws IOException {
    return FlowlineClient.of(Datastores.open("local", Config.load(Map.of(), workDir)))
        .withClassLoader(FlowlineCli.class.getClassLoader());
  }

  Path workDir() {
    return workDir;
  }
}
