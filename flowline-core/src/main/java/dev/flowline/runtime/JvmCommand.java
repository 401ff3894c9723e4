package dev.flowline.runtime;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a JVM for tasks: the java executable, JVM options, the framework class path (without
 * the user's classes, which each task loads in its own class loader) and the user's class path.
 *
 * @param java the java executable
 * @param jvmOptions options such as {@code -XX:+UseSerialGC}
 * @param frameworkClassPath Flowline and its libraries
 * @param userClassPath the folders or jars holding the flow's classes
 */
public record JvmCommand(
    String java,
    List<String> jvmOptions,
    List<String> frameworkClassPath,
    List<Path> userClassPath) {

  /** Canonical form: immutable lists. */
  public JvmCommand {
    jvmOptions = List.copyOf(jvmOptions);
    frameworkClassPath = List.copyOf(frameworkClassPath);
    userClassPath = List.copyOf(userClassPath);
  }

  /**
   * The command for the current JVM: same java, this process's class path minus the user's entries,
   * options for many small tasks that still run hot loops fast (C2 for very hot code only, serial
   * GC, a small heap).
   */
  public static JvmCommand forCurrentProcess(List<Path> userClassPath, List<String> extraOptions) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var user = userClassPath.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
    var framework = new ArrayList<String>();
    for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!e.isEmpty() && !user.contains(Path.of(e).toAbsolutePath().normalize().toString())) {
        framework.add(e);
      }
    }
    var options = new ArrayList<String>();
    options.add("-XX:+UseSerialGC");
    // Tiered compilation, but only really hot code reaches C2: a task's own loops over large data
    // (and SHA-256, whose CPU instructions only C2 uses: 0.15 instead of 1.8 CPU-s per 200 MiB) run
    // at full speed, while the framework code every small task runs a few hundred times stays in
    // C1 and no CPU goes to C2 compiling it (docs/benchmarks.md, "worker JIT").
    options.add("-XX:Tier4InvocationThreshold=100000");
    options.add("-XX:Tier4MinInvocationThreshold=100000");
    options.add("-XX:Tier4CompileThreshold=100000");
    options.add("-XX:Tier4BackEdgeThreshold=1000000");
    options.add("-Xss1m");
    // a small heap to start with and a small young generation keep a worker's resident memory
    // close to its live data (a 200 MiB artifact costs ~200 MiB, not that plus a large eden and
    // pre-touched heap); FLOWLINE_WORKER_JVM_OPTS comes later and overrides any of these
    options.add("-Xms16m");
    options.add("-XX:MaxNewSize=32m");
    options.addAll(extraOptions);
    return new JvmCommand(java, options, framework, userClassPath);
  }

  /**
   * A command line running {@code mainClass} with {@code args}, with or without the user's class
   * path.
   */
  public List<String> commandLine(String mainClass, boolean withUserClassPath, List<String> args) {
    var cmd = new ArrayList<String>();
    cmd.add(java);
    cmd.addAll(jvmOptions);
    var cp = new ArrayList<>(frameworkClassPath);
    if (withUserClassPath) {
      userClassPath.forEach(p -> cp.add(p.toString()));
    }
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, cp));
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }
}
