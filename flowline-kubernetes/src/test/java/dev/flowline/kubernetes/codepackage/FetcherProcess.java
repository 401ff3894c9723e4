package dev.flowline.kubernetes.codepackage;

import dev.flowline.kubernetes.bootstrap.CodeFetcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs the code fetcher as the pod does: the jar a Job carries ({@link FetcherJar}), in a JVM of
 * its own started with this JDK's {@code java}.
 */
public final class FetcherProcess {
  private FetcherProcess() {}

  /**
   * What a run printed.
   *
   * @param exitCode the exit code
   * @param stdout standard output
   * @param stderr standard error
   * @param millis wall time of the process
   */
  public record Result(int exitCode, String stdout, String stderr, long millis) {}

  /** This JDK's java executable. */
  public static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Runs {@code java -cp fetcher.jar CodeFetcher url target}; {@code scratch} gets the jar. */
  public static Result run(Path scratch, String url, Path target) throws Exception {
    Path jar = scratch.resolve("fetcher-" + System.nanoTime() + ".jar");
    Files.write(jar, FetcherJar.bytes());
    Path out = Files.createTempFile(scratch, "out", ".txt");
    Path err = Files.createTempFile(scratch, "err", ".txt");
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(
                java(), "-cp", jar.toString(), CodeFetcher.class.getName(), url, target.toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("the fetcher did not end within 120 s");
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        millis);
  }
}
