package dev.flowline.cli;

import dev.flowline.FlowSpec;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Turns the FLOW argument of {@code bin/flowline FLOW ...} into a flow class: a fully qualified
 * class name on the class path, or the path of a single {@code .java} file, compiled on the fly and
 * cached.
 */
public final class FlowResolver {
  private final Path workDir;
  private final Map<String, String> env;
  private final ClassLoader parent;

  /** A resolver for paths relative to {@code workDir}, loading classes through {@code parent}. */
  public FlowResolver(Path workDir, Map<String, String> env, ClassLoader parent) {
    this.workDir = workDir;
    this.env = env;
    this.parent = parent;
  }

  /**
   * A flow class, not initialized, and the class path entries that hold the user's code (loaded
   * again in a fresh class loader for every task).
   *
   * @param flowClass the flow class
   * @param userClassPath the folders or jars holding the flow's own classes
   */
  public record ResolvedFlow(Class<? extends FlowSpec> flowClass, List<Path> userClassPath) {}

  /**
   * Resolves {@code flow}.
   *
   * @throws UsageException naming the argument and the fix when it is neither a class nor a
   *     readable file
   */
  public ResolvedFlow resolve(String flow) {
    if (flow.endsWith(".java")) {
      Path source = workDir.resolve(flow);
      if (!Files.isRegularFile(source)) {
        throw new UsageException(
            "FLOW '"
                + flow
                + "': no such file (looked in "
                + workDir
                + "). Give the path of a .java file"
                + " holding a flow class, or a flow class name such as dev.flowline.examples.HelloFlow.");
      }
      var compiled =
          new SourceCompiler(cacheRoot(), System.getProperty("java.class.path")).compile(source);
      try {
        var loader =
            new URLClassLoader(
                "flow-source", new URL[] {compiled.classesDir().toUri().toURL()}, parent);
        return new ResolvedFlow(
            checkFlow(flow, Class.forName(compiled.className(), false, loader)),
            List.of(compiled.classesDir()));
      } catch (MalformedURLException | ClassNotFoundException e) {
        throw new IllegalStateException("compiled flow " + compiled + " cannot be loaded", e);
      }
    }
    Class<?> type;
    try {
      type = Class.forName(flow, false, parent);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UsageException(
          "FLOW '"
              + flow
              + "': no class of that name on the class path and no such .java file. Give a"
              + " fully qualified flow class name (e.g. dev.flowline.examples.HelloFlow) or the path of a"
              + " .java file.");
    }
    return new ResolvedFlow(checkFlow(flow, type), codeLocation(type));
  }

  private Path cacheRoot() {
    String configured = env.get("FLOWLINE_CACHE_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).resolve("classes");
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("flowline").resolve("classes");
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends FlowSpec> checkFlow(String flow, Class<?> type) {
    if (!FlowSpec.class.isAssignableFrom(type)) {
      throw new UsageException(
          "FLOW '"
              + flow
              + "': class "
              + type.getName()
              + " does not extend dev.flowline.FlowSpec. Give a"
              + " flow class (one that extends FlowSpec and has @Step methods).");
    }
    return (Class<? extends FlowSpec>) type;
  }

  /** The folder or jar that {@code type} was loaded from, or none when unknown. */
  static List<Path> codeLocation(Class<?> type) {
    var source = type.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return List.of();
    }
    try {
      return List.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return List.of();
    }
  }
}
