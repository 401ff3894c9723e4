package dev.flowline.testkit.emulator;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Adobe S3Mock's executable jar as a separate process on a random loopback port, for tests
 * whose class path must not carry S3Mock's Spring Boot (end-to-end runs, benchmarks). The jar is
 * the Maven artifact {@code com.adobe.testing:s3mock:<version>:jar:exec}, copied into the module's
 * {@code target/tools} by the build and named with {@code -Dflowline.s3mock.jar=PATH}.
 */
public final class S3MockLauncher implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private S3MockLauncher(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts S3Mock with {@code buckets} created, keeping its data under {@code dataDir}.
   *
   * @throws IOException when the jar is missing or the server does not answer within 90 s
   */
  public static S3MockLauncher start(Path dataDir, String... buckets) throws IOException {
    String jar = System.getProperty("flowline.s3mock.jar", "");
    if (jar.isBlank() || !Files.isRegularFile(Path.of(jar))) {
      throw new IOException(
          "S3Mock's exec jar is not at -Dflowline.s3mock.jar=\""
              + jar
              + "\": copy"
              + " com.adobe.testing:s3mock:5.2.0:jar:exec with maven-dependency-plugin (see flowline-examples/pom.xml)"
              + " and pass its path.");
    }
    int httpPort = freePort();
    int httpsPort = freePort();
    Files.createDirectories(dataDir);
    Path log = dataDir.resolveSibling(dataDir.getFileName() + "-s3mock.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-jar",
                jar,
                "--http.port=" + httpPort,
                "--server.port=" + httpsPort,
                "--com.adobe.testing.s3mock.store.root=" + dataDir,
                "--com.adobe.testing.s3mock.store.initial-buckets=" + String.join(",", buckets)));
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    S3MockLauncher launcher = new S3MockLauncher(p, httpPort, log);
    launcher.awaitReady();
    return launcher;
  }

  /** The HTTP endpoint, {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The process id, e.g. for measuring it. */
  public long pid() {
    return process.pid();
  }

  private void awaitReady() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("S3Mock exited with code " + process.exitValue() + "; see " + log);
      }
      try {
        HttpURLConnection c = (HttpURLConnection) endpoint().toURL().openConnection();
        c.setConnectTimeout(1000);
        c.setReadTimeout(5000);
        if (c.getResponseCode() == 200) {
          c.disconnect();
          return;
        }
        c.disconnect();
      } catch (IOException e) {
        // not listening, or not serving yet
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for S3Mock", e);
      }
    }
    close();
    throw new IOException("S3Mock did not answer on " + endpoint() + " within 90 s; see " + log);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
