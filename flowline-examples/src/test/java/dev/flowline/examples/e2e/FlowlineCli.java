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
 * Runs {@code bin/flowline} as a process in a working directory, as a user would: on the runtime
 * class path that {@code bin/flowline} records itself (this module's classes and its runtime-scope
 * dependencies, never the test class path; given as {@code FLOWLINE_CLASSPATH}, so it never
 * builds), in an environment without the developer's {@code METAFLOW_*} and {@code FLOWLINE_*}
 * settings and configuration files; reads the results back through the client API.
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

  /**
   * The runtime class path: this module's classes, then the runtime-scope dependencies that the
   * build wrote to {@code target/test-runtime.classpath} (as {@code bin/flowline} records them).
   */
  static String classPath() throws IOException {
    String file = System.getProperty("flowline.runtime.classpath.file");
    String classes = System.getProperty("flowline.classes");
    if (file == null || classes == null) {
      throw new IllegalStateException(
          "system properties flowline.runtime.classpath.file and flowline.classes are not set:"
              + " run the end-to-end tests through Maven (flowline-examples/pom.xml sets them).");
    }
    return classes + File.pathSeparator + Files.readString(Path.of(file)).trim();
  }

  /**
   * The environment of every command: this process's, without {@code METAFLOW_*} and {@code
   * FLOWLINE_*} (a developer's settings must not change what the tests see), with configuration
   * files looked up in an empty folder, then {@code extraEnv}.
   */
  Map<String, String> environment(Map<String, String> inherited, Map<String, String> extraEnv)
      throws IOException {
    var env = new java.util.HashMap<>(inherited);
    env.keySet().removeIf(k -> k.startsWith("METAFLOW_") || k.startsWith("FLOWLINE_"));
    env.put("FLOWLINE_CLASSPATH", classPath());
    env.put("FLOWLINE_CACHE_DIR", cacheDir.toString());
    env.put("METAFLOW_HOME", Files.createDirectories(cacheDir.resolve("metaflow-home")).toString());
    env.put("METAFLOW_USER", "tester");
    env.putAll(extraEnv);
    return env;
  }

  /**
   * Starts {@code bin/flowline args} with {@code extraEnv}; output goes to files in the work dir.
   */
  Process start(Map<String, String> extraEnv, String... args) throws IOException {
    var cmd = new ArrayList<String>();
    cmd.add(repoRoot().resolve("bin/flowline").toString());
    cmd.addAll(List.of(args));
    var pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    var env = environment(pb.environment(), extraEnv);
    pb.environment().clear();
    pb.environment().putAll(env);
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

  /** The standard output so far, or the reason it cannot be read (for polling and messages). */
  String outSafe() {
    try {
      return out();
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The error output so far, or the reason it cannot be read (for assertion messages). */
  String errSafe() {
    try {
      return err();
    } catch (IOException e) {
      return e.toString();
    }
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
