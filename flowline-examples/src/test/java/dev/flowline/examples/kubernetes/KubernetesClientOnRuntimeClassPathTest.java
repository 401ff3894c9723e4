package dev.flowline.examples.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.testkit.kubernetes.MockApiServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fabric8 client starts and works on the class path that {@code bin/flowline} runs with (the
 * runtime class path of flowline-examples, written by the same maven-dependency-plugin goal), which
 * also holds the AWS, Azure and GCS SDKs. Before the JDK HTTP client replaced Vert.x, building the
 * client there threw {@code NoClassDefFoundError: io/netty/channel/MultiThreadIoEventLoopGroup}.
 */
class KubernetesClientOnRuntimeClassPathTest {
  private static final Pattern MAVEN_JAR =
      Pattern.compile(".*/repository/(.+)/([^/]+)/([^/]+)/[^/]+\\.jar$");

  @Test
  void aClientOnTheRuntimeClassPathCreatesWatchesInformsAndFollowsLogs() throws Exception {
    List<String> runtime = runtimeClassPath();
    String logPath = "/api/v1/namespaces/flowline/pods/probe/log?pretty=false&follow=true";
    try (var server = MockApiServer.start(logPath, "line 1\nline 2\n")) {
      var classPath = new ArrayList<>(runtime);
      classPath.add(Path.of("target", "test-classes").toAbsolutePath().toString());
      var command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              String.join(File.pathSeparator, classPath),
              KubernetesClientProbe.class.getName(),
              server.url().toString());
      Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(output)
          .contains("http client io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientImpl")
          .contains("ok: the informer saw the pod added")
          .contains("ok: the watch saw the pod modified")
          .contains("ok: the followed log has line 2")
          .contains("probe ok")
          .doesNotContain("NoClassDefFoundError");
      assertThat(probe.exitValue()).as(output).isZero();
    }
  }

  @Test
  void theRuntimeClassPathHoldsOneNettyVersionAndOneJacksonMajor() throws Exception {
    var versions = new TreeMap<String, TreeSet<String>>();
    for (String entry : runtimeClassPath()) {
      Matcher m = MAVEN_JAR.matcher(entry.replace(File.separatorChar, '/'));
      if (!m.matches()) {
        continue;
      }
      String group = m.group(1).replace('/', '.');
      if (group.equals("io.netty") && !m.group(2).startsWith("netty-tcnative")) {
        versions.computeIfAbsent("netty", k -> new TreeSet<>()).add(m.group(3));
      } else if (group.startsWith("com.fasterxml.jackson")) {
        // jackson-annotations is versioned by minor line (2.22), the rest by patch (2.22.4)
        String minor = m.group(3).replaceFirst("^(\\d+\\.\\d+).*", "$1");
        versions.computeIfAbsent("jackson 2", k -> new TreeSet<>()).add(minor);
      } else if (group.startsWith("tools.jackson")) {
        // Jackson 3 (fabric8 8 brings it): a second major next to ours
        versions.computeIfAbsent("jackson 3", k -> new TreeSet<>()).add(m.group(3));
      }
    }
    assertThat(versions.get("netty")).hasSize(1);
    assertThat(versions.get("netty").first()).startsWith("4.1.");
    assertThat(versions.get("jackson 2")).hasSize(1);
    assertThat(versions).doesNotContainKey("jackson 3");
  }

  private static List<String> runtimeClassPath() throws Exception {
    Path deps = Path.of(System.getProperty("flowline.runtime.classpath.file", "missing"));
    assertThat(deps)
        .as("written by maven-dependency-plugin, see flowline-examples/pom.xml")
        .isRegularFile();
    var entries = new ArrayList<String>();
    entries.add(Path.of("target", "classes").toAbsolutePath().toString());
    entries.addAll(List.of(Files.readString(deps).trim().split(File.pathSeparator)));
    return entries;
  }
}
