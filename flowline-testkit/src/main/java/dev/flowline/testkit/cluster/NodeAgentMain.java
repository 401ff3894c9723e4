package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node agent's entry point, started by {@code bin/flowline-cluster up}: registers the nodes,
 * serves the kubelet endpoint and runs the pods bound to its nodes until it is stopped. Writes
 * {@code agent.ready} into the state folder once the nodes are registered.
 */
public final class NodeAgentMain {

  private NodeAgentMain() {}

  /**
   * Runs the agent.
   *
   * @param args {@code --kubeconfig FILE --state-dir DIR --port N [--nodes N] [--node-cpu C]
   *     [--node-memory M] [--node-pods N] [--node-labels k=v,...] [--node-taints k=v:Effect,...]}
   * @throws Exception when the agent cannot start
   */
  public static void main(String[] args) throws Exception {
    var config = AgentConfig.parse(args);
    var kubeconfig = Files.readString(config.kubeconfig());
    var client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    int apiPort = URI.create(client.getConfiguration().getMasterUrl()).getPort();
    var javaHome = Path.of(System.getProperty("java.home"));
    var argoexec = System.getenv("FLOWLINE_CLUSTER_ARGOEXEC_DIR");
    var argoEvents = System.getenv("FLOWLINE_CLUSTER_ARGO_EVENTS_DIR");
    var catalog =
        ImageCatalog.defaults(javaHome, argoexec == null ? null : Path.of(argoexec))
            .withBenchNoop(benchImageFolder())
            .withArgoEvents(
                argoEvents == null ? null : Path.of(argoEvents), natsServer().orElse(null));
    var cgroupRoot = cgroupRoot(config.stateDir());
    var addresses =
        PodAddresses.claim(
            config.stateDir(),
            Path.of(System.getProperty("java.io.tmpdir"), "flowline-pod-addresses"));
    Files.writeString(config.stateDir().resolve("pod-addresses"), addresses.block() + "\n");
    var dns = new ClusterDns();
    dns.start(client);
    var ctx =
        new AgentContext(
            client,
            config,
            catalog,
            new KubeletEvents(client),
            apiPort,
            cgroupRoot,
            ConcurrentHashMap.newKeySet(),
            addresses,
            dns,
            new ConcurrentHashMap<>());
    var nodes = new NodeRegistry(client, config);
    nodes.register();
    nodes.keepAlive();
    var supervisor = new PodSupervisor(ctx, new HashSet<>(nodes.names()));
    var server = LogServer.start(config.stateDir().resolve("pki"), config.port(), supervisor::find);
    client.pods().inAnyNamespace().inform(supervisor, 0);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  supervisor.stopAll();
                  server.stop();
                }));
    Files.writeString(config.stateDir().resolve("agent.ready"), "ready\n");
    System.err.println(
        "node agent: "
            + config.nodes()
            + " node(s) registered, kubelet endpoint on 127.0.0.1:"
            + config.port()
            + ", pod addresses "
            + addresses.block()
            + (cgroupRoot == null ? " (no memory cgroup: memory limits are not enforced)" : ""));
    Thread.currentThread().join();
  }

  /**
   * Where the benchmark image's programs live: beside the cluster's binaries ({@code
   * $FLOWLINE_CLUSTER_CACHE}, else {@code ~/.cache/flowline/cluster}, as tools/cluster/build.sh),
   * not in the state folder, which is often under {@code /tmp} and so hidden in containers.
   */
  private static Path benchImageFolder() {
    String cache = System.getenv("FLOWLINE_CLUSTER_CACHE");
    Path root =
        cache == null || cache.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "flowline", "cluster")
            : Path.of(cache);
    return root.resolve("images").resolve("flowline-bench-noop");
  }

  /**
   * Debian's {@code nats-server} (package {@code nats-server}), the NATS image of a JetStream event
   * bus: the first on the agent's {@code PATH}, else {@code /usr/sbin/nats-server}.
   */
  private static java.util.Optional<Path> natsServer() {
    var path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin";
    for (var dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nats-server"))) {
        return java.util.Optional.of(Path.of(dir, "nats-server"));
      }
    }
    return java.util.Optional.empty();
  }

  /** This cluster's folder in the v1 memory controller, or null when there is none. */
  private static Path cgroupRoot(Path stateDir) throws java.io.IOException {
    var memory = Path.of("/sys/fs/cgroup/memory");
    if (!Files.isWritable(memory.resolve("cgroup.procs"))) {
      return null;
    }
    var root =
        memory.resolve(
            "flowline-" + Integer.toHexString(stateDir.toAbsolutePath().toString().hashCode()));
    Files.createDirectories(root);
    Files.writeString(stateDir.resolve("cgroup.root"), root.toString());
    return root;
  }
}
