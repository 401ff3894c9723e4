package dev.flowline.testkit.kubernetes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock Kubernetes API server in a JVM of its own, on flowline-testkit's class path (its
 * web server is Vert.x), so a client under test runs on exactly an application's class path (the
 * JDK HTTP client, Netty 4.1 of the AWS and Azure SDKs) without the server's libraries joining it.
 * For request shapes and client wiring only; API behaviour is tested against the real control
 * plane.
 */
public final class MockApiServer implements AutoCloseable {
  private static final String CLASSPATH_RESOURCE = "mock-api-server.classpath";

  private final Process process;
  private final URI url;

  private MockApiServer(Process process, URI url) {
    this.process = process;
    this.url = url;
  }

  /**
   * Starts the server in CRUD mode.
   *
   * @param fixedAnswers GET answers, pairs of a path with its query (e.g. a pod's {@code /log}) and
   *     the body returned for it
   * @throws IOException when the server does not start within 60 s
   */
  public static MockApiServer start(String... fixedAnswers) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx128m", "-XX:+UseSerialGC", "-cp", classPath()));
    command.add(MockApiServerMain.class.getName());
    command.addAll(List.of(fixedAnswers));
    Process process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    var out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String first = out.readLine();
    if (first == null || !first.startsWith("listening ")) {
      process.destroyForcibly();
      throw new IOException("the mock API server did not start; its first line was: " + first);
    }
    Thread drain = new Thread(() -> out.lines().forEach(line -> {}), "mock-api-server-stdout");
    drain.setDaemon(true);
    drain.start();
    return new MockApiServer(process, URI.create(first.substring("listening ".length()).trim()));
  }

  /** The server's base URL, e.g. {@code http://localhost:41234/}. */
  public URI url() {
    return url;
  }

  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the mock API server", e);
    }
  }

  private static String classPath() throws IOException {
    try (InputStream in = MockApiServer.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IOException(
            "flowline-testkit has no "
                + CLASSPATH_RESOURCE
                + " resource: it is written by maven-dependency-plugin (flowline-testkit/pom.xml);"
                + " build flowline-testkit with Maven.");
      }
      String deps = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      String self =
          Path.of(MockApiServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toString();
      return self + java.io.File.pathSeparator + deps;
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate flowline-testkit's classes", e);
    }
  }
}
