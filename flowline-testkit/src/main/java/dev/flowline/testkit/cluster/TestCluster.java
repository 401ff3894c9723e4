package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running test cluster started with {@code bin/flowline-cluster up} in its own state folder: the
 * real control plane plus the node agent with three nodes ({@code flowline-node-0} and {@code -1}
 * plain, {@code -2} labelled {@code testkit.flowline.dev/pool=tainted} and tainted {@code
 * testkit.flowline.dev/dedicated=true:NoSchedule}), each 4 CPUs and 8Gi. It stops with {@link
 * #close()} or, at the latest, when this JVM ends.
 */
public final class TestCluster implements AutoCloseable {

  /** Label of the tainted node. */
  public static final String POOL_LABEL = "testkit.flowline.dev/pool";

  /** Key of the tainted node's taint. */
  public static final String TAINT_KEY = "testkit.flowline.dev/dedicated";

  /** The extended resource the test cluster's node {@value #GPU_NODE} has 2 of. */
  public static final String GPU_RESOURCE = "nvidia.com/gpu";

  /** The node with {@value #GPU_RESOURCE} capacity (2). */
  public static final String GPU_NODE = "flowline-node-1";

  private final Path repo;
  private final Path dir;

  private TestCluster(Path repo, Path dir) {
    this.repo = repo;
    this.dir = dir;
  }

  /**
   * Starts a cluster; fails with {@code bin/flowline-cluster}'s own message (what is missing and
   * what to run, or which component died with its last log lines) when it cannot.
   *
   * @param with optional components to add: {@code argo}, {@code jobset}, {@code gcs}, {@code
   *     argo-events}
   */
  /**
   * The components among k8s, etcd and {@code with} whose binaries tools/cluster/build.sh has not
   * built (empty when all are there).
   */
  public static List<String> missingBinaries(List<String> with) {
    var repo = repoRoot();
    var missing = new ArrayList<String>();
    var components = new ArrayList<>(List.of("k8s", "etcd"));
    components.addAll(with);
    for (String component : components) {
      try {
        var where =
            new ProcessBuilder(
                    repo.resolve("tools/cluster/build.sh").toString(), "--where", component)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String dir =
            new String(where.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (where.waitFor() != 0
            || dir.isEmpty()
            || !Files.exists(Path.of(dir, "logs", component + ".done"))) {
          missing.add(component);
        }
      } catch (IOException e) {
        missing.add(component);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while looking for the cluster binaries", e);
      }
    }
    return missing;
  }

  public static TestCluster start(List<String> with) {
    return start(with, List.of());
  }

  /**
   * Starts a cluster with more options of {@code bin/flowline-cluster up} (e.g. {@code
   * --watch-history 5}).
   *
   * @param with optional components to add: {@code argo}, {@code jobset}, {@code gcs}, {@code
   *     argo-events}
   * @param upOptions further options of {@code up}
   */
  public static TestCluster start(List<String> with, List<String> upOptions) {
    var repo = repoRoot();
    try {
      var dir = Files.createTempDirectory(stateParent(), "flowline-cluster-");
      var command =
          new ArrayList<>(
              List.of(
                  repo.resolve("bin/flowline-cluster").toString(),
                  "up",
                  "--dir",
                  dir.toString(),
                  "--owner-pid",
                  Long.toString(ProcessHandle.current().pid()),
                  "--nodes",
                  "3",
                  "--node-cpu",
                  "4",
                  "--node-memory",
                  "8Gi",
                  "--node-labels",
                  "2/" + POOL_LABEL + "=tainted",
                  "--node-taints",
                  "2/" + TAINT_KEY + "=true:NoSchedule",
                  "--node-extended-resources",
                  "1/" + GPU_RESOURCE + "=2"));
      for (var component : with) {
        command.add("--with");
        command.add(component);
      }
      command.addAll(upOptions);
      var builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder
          .environment()
          .put("FLOWLINE_CLUSTER_AGENT_CLASSPATH", System.getProperty("java.class.path"));
      var log = dir.resolve("up.out");
      builder.redirectOutput(log.toFile());
      var process = builder.start();
      if (!process.waitFor(240, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "bin/flowline-cluster up did not finish in 240 s; its output:\n"
                + Files.readString(log));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "the test cluster could not start (bin/flowline-cluster up exited with "
                + process.exitValue()
                + "):\n"
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      var cluster = new TestCluster(repo, dir);
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "flowline-cluster-down"));
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test cluster", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the test cluster", e);
    }
  }

  /**
   * Where cluster folders go: {@code /var/tmp} when writable, not {@code /tmp}. Pods' volumes live
   * in the cluster folder and are bind-mounted from there; a container that mounts a volume at
   * {@code /tmp} (Argo's executor does) would hide the sources of its other volumes if they were
   * under {@code /tmp}.
   */
  private static Path stateParent() {
    Path varTmp = Path.of("/var/tmp");
    if (Files.isDirectory(varTmp) && Files.isWritable(varTmp)) {
      return varTmp;
    }
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static Path repoRoot() {
    var at = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (var p = at; p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("bin/flowline-cluster"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "bin/flowline-cluster not found above "
            + at
            + "; run the tests from the Flowline checkout");
  }

  /** The state folder (logs in {@code logs/}). */
  public Path dir() {
    return dir;
  }

  /** The admin kubeconfig. */
  public Path kubeconfig() {
    return dir.resolve("admin.kubeconfig");
  }

  /** A new admin client whose default namespace is {@code namespace}. */
  public KubernetesClient client(String namespace) {
    try {
      var config = Config.fromKubeconfig(Files.readString(kubeconfig()));
      config.setNamespace(namespace);
      return new KubernetesClientBuilder().withConfig(config).build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + kubeconfig(), e);
    }
  }

  /**
   * Throws when a component of the cluster died, naming it and showing its last log lines (so a
   * test that waits for the cluster fails with the cause instead of a time-out).
   */
  public void assertHealthy() {
    var failed = dir.resolve("failed");
    if (Files.exists(failed)) {
      try {
        throw new IllegalStateException(
            "the test cluster in " + dir + " is broken: " + Files.readString(failed));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Stops the cluster ({@code bin/flowline-cluster down}). */
  @Override
  public void close() {
    try {
      var process =
          new ProcessBuilder(
                  repo.resolve("bin/flowline-cluster").toString(), "down", "--dir", dir.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0) {
        // the bulk (pods' folders, etcd's data) goes; logs and state files stay for a look
        PodRun.deleteTree(dir.resolve("pods"));
        PodRun.deleteTree(dir.resolve("etcd"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop the test cluster in " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
