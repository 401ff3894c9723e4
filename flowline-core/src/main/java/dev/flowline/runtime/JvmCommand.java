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
 * @param jvmOptions options such as {@code -XX:TieredStopAtLevel=1}
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
   * fast start-up options (C1 only, serial GC, a small young generation).
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
    options.add("-XX:TieredStopAtLevel=1");
    options.add("-Xss1m");
    // a small young generation keeps a worker's resident memory close to its live data (a 200 MiB
    // artifact
    // costs ~200 MiB, not that plus a large eden); FLOWLINE_WORKER_JVM_OPTS comes later and can
    // override it
    options.add("-Xmn32m");
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
