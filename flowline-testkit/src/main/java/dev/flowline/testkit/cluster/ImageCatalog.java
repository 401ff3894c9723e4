package dev.flowline.testkit.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which container images "exist" on the test nodes and what each runs as. There is no container
 * engine: an image stands for a set of host programs put first on {@code PATH}. By default {@code
 * eclipse-temurin:*} is this machine's JDK, {@code busybox:*} and {@code debian:*} are the host's
 * shell tools, and the Argo executor image is the {@code argoexec} binary built by {@code
 * tools/cluster/build.sh}. {@value #PRIVATE_REGISTRY}{@code /eclipse-temurin:*} is the JDK image in
 * a private registry: pulling it needs a pull secret of the pod (a {@code
 * kubernetes.io/dockerconfigjson} or {@code dockercfg} Secret) with the registry's credentials,
 * {@value #PRIVATE_USER} and {@value #PRIVATE_PASSWORD}; without them the pull fails as a
 * registry's refusal does. {@value #BENCH_NOOP_PREFIX}{@code *} is a test-only image for scale
 * benchmarks, whose {@code java} exits 0 at once ({@link #withBenchNoop}). With Argo Events built
 * ({@link #withArgoEvents}), its image is the {@code argo-events} binary, the NATS image is
 * Debian's {@code nats-server}, and the NATS config reloader and metrics exporter images are
 * no-ops. Any other image is missing, and pulling it fails as a registry's "not found" does.
 *
 * <p>An image may have an entrypoint: a container without a {@code command} runs the entrypoint
 * followed by its {@code args}, as a container runtime runs an image's {@code ENTRYPOINT} and
 * {@code CMD}. Without one, such a container runs its {@code args}, or {@code /bin/sh}.
 */
public final class ImageCatalog {

  /** A registry whose images need credentials (a pull secret). */
  public static final String PRIVATE_REGISTRY = "registry.flowline.test/private";

  /** The user name the private registry accepts. */
  public static final String PRIVATE_USER = "flowline";

  /** The password the private registry accepts. */
  public static final String PRIVATE_PASSWORD = "flowline-pull";

  /**
   * The prefix of the benchmark image (flowline-bench's {@code KubernetesLaunchBench}): a container
   * of it that runs {@code java ...} exits 0 at once, so a pod costs the cluster and the launcher
   * what it costs them, without a JVM. Test-only; no registry has it.
   */
  public static final String BENCH_NOOP_PREFIX = "flowline-bench/noop:";

  /** The prefix of Argo Events' image (its controller gives it to EventSource and Sensor pods). */
  public static final String ARGO_EVENTS_PREFIX = "quay.io/argoproj/argo-events:";

  /**
   * The prefix of the NATS server image of a JetStream event bus, as the Argo Events controller's
   * configuration names it (the test cluster's configuration names {@code nats:2.9.10}, Debian's
   * version).
   */
  public static final String NATS_PREFIX = "nats:";

  /**
   * The images of a JetStream event bus's helper containers (config reloader, metrics exporter):
   * no-ops that keep running, since the configuration never changes and nothing scrapes metrics.
   */
  public static final List<String> NATS_HELPER_PREFIXES =
      List.of("natsio/nats-server-config-reloader:", "natsio/prometheus-nats-exporter:");

  /**
   * One image as the agent runs it.
   *
   * @param path folders put first on the container's PATH
   * @param env environment the image sets (as an image's {@code ENV})
   * @param privateRegistry whether pulling it needs the private registry's credentials
   * @param entrypoint what a container without a {@code command} runs before its {@code args}
   *     (empty: its args alone)
   */
  public record Image(
      List<Path> path, Map<String, String> env, boolean privateRegistry, List<String> entrypoint) {
    /** A public image without entrypoint. */
    public Image(List<Path> path, Map<String, String> env) {
      this(path, env, false, List.of());
    }

    /** An image without entrypoint. */
    public Image(List<Path> path, Map<String, String> env, boolean privateRegistry) {
      this(path, env, privateRegistry, List.of());
    }
  }

  private final Map<String, Image> byPrefix = new LinkedHashMap<>();

  private ImageCatalog() {}

  /**
   * The default catalog of this machine; {@code argoexecDir} may be null when Argo is not built.
   */
  public static ImageCatalog defaults(Path javaHome, Path argoexecDir) {
    var catalog = new ImageCatalog();
    catalog.byPrefix.put(
        "eclipse-temurin:",
        new Image(List.of(javaHome.resolve("bin")), Map.of("JAVA_HOME", javaHome.toString())));
    catalog.byPrefix.put(
        "docker.io/library/eclipse-temurin:", catalog.byPrefix.get("eclipse-temurin:"));
    var jdk = catalog.byPrefix.get("eclipse-temurin:");
    catalog.byPrefix.put(
        PRIVATE_REGISTRY + "/eclipse-temurin:", new Image(jdk.path(), jdk.env(), true));
    catalog.byPrefix.put("busybox:", new Image(List.of(), Map.of()));
    catalog.byPrefix.put("busybox", new Image(List.of(), Map.of()));
    catalog.byPrefix.put("debian:", new Image(List.of(), Map.of()));
    if (argoexecDir != null && Files.isExecutable(argoexecDir.resolve("argoexec"))) {
      catalog.byPrefix.put("quay.io/argoproj/argoexec:", new Image(List.of(argoexecDir), Map.of()));
    }
    return catalog;
  }

  /**
   * Adds the benchmark image {@value #BENCH_NOOP_PREFIX}{@code *}: {@code folder} gets a {@code
   * java} script that exits 0, put first on the container's PATH (the shell tools are the host's).
   * The folder must not be under {@code /tmp}, which a container sees as its own empty folder.
   * Several agents may share it: the script is replaced atomically, and only when it differs.
   *
   * @return this catalog
   * @throws IOException when the script cannot be written
   */
  public ImageCatalog withBenchNoop(Path folder) throws IOException {
    Files.createDirectories(folder);
    Path java = folder.resolve("java");
    String script = "#!/bin/sh\n# flowline-bench/noop: a java that exits at once\nexit 0\n";
    if (!Files.isExecutable(java) || !Files.readString(java).equals(script)) {
      Path temp = Files.createTempFile(folder, "java", ".tmp");
      Files.writeString(temp, script);
      temp.toFile().setExecutable(true, false);
      temp.toFile().setReadable(true, false);
      Files.move(temp, java, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    byPrefix.put(BENCH_NOOP_PREFIX, new Image(List.of(folder), Map.of()));
    return this;
  }

  /**
   * Adds Argo Events' images: {@value #ARGO_EVENTS_PREFIX}{@code *} runs {@code argoEventsDir}'s
   * {@code argo-events} (the image's entrypoint), {@value #NATS_PREFIX}{@code *} runs {@code
   * natsServer} (Debian's {@code nats-server}, standing in for the NATS image; its folder is first
   * on {@code PATH}, entrypoint {@code nats-server}), and the {@link #NATS_HELPER_PREFIXES} images
   * sleep until stopped. An image whose program is missing is left out (its pull fails).
   *
   * @param argoEventsDir the folder of the built {@code argo-events} binary, or null
   * @param natsServer the {@code nats-server} program, or null
   * @return this catalog
   */
  public ImageCatalog withArgoEvents(Path argoEventsDir, Path natsServer) {
    if (argoEventsDir != null && Files.isExecutable(argoEventsDir.resolve("argo-events"))) {
      byPrefix.put(
          ARGO_EVENTS_PREFIX,
          new Image(List.of(argoEventsDir), Map.of(), false, List.of("argo-events")));
    }
    if (natsServer != null && Files.isExecutable(natsServer)) {
      byPrefix.put(
          NATS_PREFIX,
          new Image(
              List.of(natsServer.toAbsolutePath().getParent()),
              Map.of(),
              false,
              List.of(natsServer.getFileName().toString())));
      for (var helper : NATS_HELPER_PREFIXES) {
        byPrefix.put(
            helper,
            new Image(
                List.of(),
                Map.of(),
                false,
                List.of("/bin/sh", "-c", "exec sleep infinity", helper + "noop")));
      }
    }
    return this;
  }

  /** The image, or empty when it is not in the catalog (a pull fails). */
  public Optional<Image> find(String image) {
    for (var entry : byPrefix.entrySet()) {
      var prefix = entry.getKey();
      if (prefix.endsWith(":") ? image.startsWith(prefix) : image.equals(prefix)) {
        return Optional.of(entry.getValue());
      }
    }
    return Optional.empty();
  }

  /**
   * The reference a registry would have resolved, as containerd words it: {@code
   * docker.io/library/x:latest}.
   */
  static String fullReference(String image) {
    var ref = image;
    int slash = ref.indexOf('/');
    boolean hasRegistry =
        slash > 0
            && (ref.substring(0, slash).contains(".") || ref.substring(0, slash).contains(":"));
    if (!hasRegistry) {
      ref = (slash < 0 ? "docker.io/library/" : "docker.io/") + ref;
    }
    if (!ref.substring(ref.lastIndexOf('/') + 1).contains(":") && !ref.contains("@")) {
      ref = ref + ":latest";
    }
    return ref;
  }

  /**
   * The message of a pull the private registry refused, as containerd's CRI gives it to kubelet:
   * without credentials, or with wrong ones.
   */
  static String refusedMessage(String image, boolean credentialsGiven) {
    var ref = fullReference(image);
    var host = ref.substring(0, ref.indexOf('/'));
    var prefix =
        "failed to pull and unpack image \""
            + ref
            + "\": failed to resolve reference \""
            + ref
            + "\": ";
    return credentialsGiven
        ? prefix
            + "failed to authorize: failed to fetch oauth token: unexpected status from GET request to"
            + " https://"
            + host
            + "/token: 401 Unauthorized"
        : prefix
            + "pull access denied, repository does not exist or may require authorization: server"
            + " message: insufficient_scope: authorization failed";
  }

  /** The message of a failed pull of a missing image, as containerd's CRI gives it to kubelet. */
  static String notFoundMessage(String image) {
    var ref = fullReference(image);
    return "failed to pull and unpack image \""
        + ref
        + "\": failed to resolve reference \""
        + ref
        + "\": "
        + ref
        + ": not found";
  }
}
