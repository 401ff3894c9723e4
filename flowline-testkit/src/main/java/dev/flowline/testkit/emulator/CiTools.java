package dev.flowline.testkit.emulator;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's pinned npm tools folder ({@code .ci/tools}: {@code package.json} plus lock file),
 * found by walking up from the working directory (or given with {@code -Dflowline.ci.tools=DIR}),
 * and installed with {@code npm ci} on first use so that tests work on a fresh clone.
 *
 * @param dir the folder holding {@code package.json}
 */
public record CiTools(Path dir) {

  /** Finds the tools folder from the working directory. */
  public static CiTools locate() throws IOException {
    String override = System.getProperty("flowline.ci.tools");
    if (override != null && !override.isBlank()) {
      return new CiTools(Path.of(override).toAbsolutePath());
    }
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      Path candidate = d.resolve(".ci").resolve("tools");
      if (Files.isRegularFile(candidate.resolve("package.json"))) {
        return new CiTools(candidate);
      }
    }
    throw new IOException(
        "no .ci/tools/package.json above "
            + start
            + ": the pinned npm tools folder of the Flowline"
            + " repository was not found. Run the tests from inside the repository or pass"
            + " -Dflowline.ci.tools=<repo>/.ci/tools.");
  }

  /**
   * The path of an executable in {@code node_modules/.bin}, installing the folder with {@code npm
   * ci} first when it is missing (under a file lock, so parallel test JVMs install once).
   */
  public Path executable(String name) throws IOException {
    Path exe = dir.resolve("node_modules").resolve(".bin").resolve(name);
    if (Files.isExecutable(exe)) {
      return exe;
    }
    try (FileChannel channel =
            new RandomAccessFile(dir.resolve(".install.lock").toFile(), "rw").getChannel();
        FileLock lock = channel.lock()) {
      if (!Files.isExecutable(exe)) {
        npmCi();
      }
    }
    if (!Files.isExecutable(exe)) {
      throw new IOException(
          "npm ci in "
              + dir
              + " did not install "
              + name
              + ": check "
              + dir.resolve("package.json")
              + ".");
    }
    return exe;
  }

  private void npmCi() throws IOException {
    Path log = dir.resolve("npm-ci.log");
    List<String> command = List.of("npm", "ci", "--no-audit", "--no-fund");
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run `npm ci` in "
              + dir
              + " ("
              + e.getMessage()
              + "): the tests need Node.js 20+ with npm"
              + " on the PATH to install their emulators (Azurite).",
          e);
    }
    try {
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException(
            "`npm ci` in " + dir + " did not finish in 10 minutes; see " + log + ".");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running `npm ci` in " + dir, e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          "`npm ci` in " + dir + " failed with exit code " + p.exitValue() + "; see " + log + ".");
    }
  }
}
