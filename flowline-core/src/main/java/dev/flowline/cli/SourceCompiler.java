package dev.flowline.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles a single {@code .java} flow file against the Flowline class path, like {@code python
 * flow.py run}. Results are cached by the hash of the source, the class path and the JDK version,
 * in a folder under {@code cacheRoot}; a second call with the same source does not compile again.
 */
public final class SourceCompiler {
  private final Path cacheRoot;
  private final String classPath;

  /**
   * A compiler that caches under {@code cacheRoot} and compiles against {@code classPath}.
   *
   * @param classPath the class path the flow is compiled against (usually {@code java.class.path})
   */
  public SourceCompiler(Path cacheRoot, String classPath) {
    this.cacheRoot = cacheRoot;
    this.classPath = classPath;
  }

  /**
   * The compiled classes of {@code source}: the folder and the binary name of the top-level class.
   */
  public record Compiled(Path classesDir, String className) {}

  /**
   * Compiles {@code source} (or returns the cached result).
   *
   * @throws UsageException when the file cannot be read, no compiler is available, or compilation
   *     fails (with the compiler's messages)
   */
  public Compiled compile(Path source) {
    String text;
    try {
      text = Files.readString(source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException(
          "FLOW '" + source + "': cannot read the file (" + e.getMessage() + ").", e);
    }
    String simpleName = source.getFileName().toString().replaceFirst("\\.java$", "");
    Path dir = cacheRoot.resolve(hash(text + "\n" + classPath + "\n" + Runtime.version()));
    Path marker = dir.resolve("flow-class.txt");
    try {
      if (Files.isRegularFile(marker)) {
        return new Compiled(dir, Files.readString(marker).trim());
      }
      Files.createDirectories(cacheRoot);
      Path tmp = Files.createTempDirectory(cacheRoot, "compile-");
      Path src = tmp.resolve("src").resolve(source.getFileName().toString());
      Files.createDirectories(src.getParent());
      Files.writeString(src, text);
      Path classes = tmp.resolve("classes");
      Files.createDirectories(classes);
      runCompiler(source, src, classes);
      String className = findClass(classes, simpleName, source);
      Files.writeString(classes.resolve("flow-class.txt"), className);
      try {
        Files.move(classes, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // another process compiled the same source concurrently: use its result
      } catch (IOException e) {
        if (!Files.isRegularFile(marker)) {
          throw e;
        }
      }
      deleteTree(tmp);
      return new Compiled(dir, Files.readString(marker).trim());
    } catch (IOException e) {
      throw new UsageException(
          "FLOW '"
              + source
              + "': cannot write the compile cache "
              + cacheRoot
              + " ("
              + e.getMessage()
              + "). Make it writable or set FLOWLINE_CACHE_DIR.",
          e);
    }
  }

  private void runCompiler(Path original, Path src, Path classes) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new UsageException(
          "FLOW '"
              + original
              + "': this Java runtime has no compiler (javax.tools). Run with a JDK, not a"
              + " JRE, or compile the flow yourself and pass its class name.");
    }
    var output = new StringWriter();
    var fm = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8);
    var units = fm.getJavaFileObjects(src.toFile());
    List<String> options =
        List.of(
            "-classpath", classPath, "-d", classes.toString(), "-parameters", "-proc:none", "-g");
    boolean ok = compiler.getTask(output, fm, null, options, null, units).call();
    if (!ok) {
      throw new UsageException(
          "FLOW '"
              + original
              + "': the file does not compile:\n"
              + output.toString().replace(src.toString(), original.toString()).strip()
              + "\nFix the errors above and run again.");
    }
  }

  private static String findClass(Path classes, String simpleName, Path original)
      throws IOException {
    try (Stream<Path> files = Files.walk(classes)) {
      return files
          .filter(p -> p.getFileName().toString().equals(simpleName + ".class"))
          .map(
              p -> classes.relativize(p).toString().replaceFirst("\\.class$", "").replace('/', '.'))
          .findFirst()
          .orElseThrow(
              () ->
                  new UsageException(
                      "FLOW '"
                          + original
                          + "': the file declares no top-level class "
                          + simpleName
                          + ". Name the file after its public flow class."));
    }
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
