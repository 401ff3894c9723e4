package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything a kubelet does for one pod bound to one of the agent's nodes: volumes, init containers
 * in order, the containers together, restarts with back-off by {@code restartPolicy}, {@code
 * activeDeadlineSeconds}, graceful deletion, and the status and events of each step.
 */
final class PodRun {

  private final AgentContext ctx;
  private final Path podDir;
  private volatile Thread mainThread;
  private final PodStatusWriter writer;
  private final PodVolumes volumes;
  private final String uid;
  private final String podIp;
  private final Path hostsFile;
  private final PodFaults faults;
  private final String faultError;
  private volatile Pod pod;
  private final Map<String, ContainerStatus> initStatuses = new LinkedHashMap<>();
  private final Map<String, ContainerStatus> statuses = new LinkedHashMap<>();
  private final Map<String, ContainerLog> logs = new ConcurrentHashMap<>();
  private final Map<String, ContainerLog> previousLogs = new ConcurrentHashMap<>();
  private final Map<String, ContainerProcess> running = new ConcurrentHashMap<>();
  private final List<Thread> threads = new ArrayList<>();
  private String phase = "Pending";
  private String reason;
  private String message;
  private boolean sandboxReady;
  private boolean initialized;
  private final Instant startTime = Instant.now();
  private volatile String stopReason;
  private volatile boolean gone;
  private Map<String, Path> volumePaths = Map.of();

  PodRun(AgentContext ctx, Pod pod) {
    this.ctx = ctx;
    this.pod = pod;
    this.uid = pod.getMetadata().getUid();
    this.podDir = ctx.config().stateDir().resolve("pods").resolve(uid);
    this.writer = new PodStatusWriter(ctx.client());
    boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    this.podIp = hostNetwork ? NodeRegistry.HOST_IP : ctx.addresses().allocate(uid);
    this.hostsFile = hostNetwork ? null : podDir.resolve("etc-hosts");
    this.volumes = new PodVolumes(ctx.client(), ctx.config().stateDir(), podIp);
    PodFaults parsed;
    String invalid = null;
    try {
      parsed = PodFaults.of(pod, ctx.faultCounts());
    } catch (PodFaults.Invalid e) {
      parsed = PodFaults.none();
      invalid = e.getMessage();
    }
    this.faults = parsed;
    this.faultError = invalid;
    boolean hasInit = !pod.getSpec().getInitContainers().isEmpty();
    for (var c : pod.getSpec().getInitContainers()) {
      initStatuses.put(c.getName(), waiting(c, "PodInitializing", null, 0, null));
    }
    for (var c : pod.getSpec().getContainers()) {
      statuses.put(
          c.getName(),
          waiting(c, hasInit ? "PodInitializing" : "ContainerCreating", null, 0, null));
    }
  }

  String uid() {
    return uid;
  }

  Pod pod() {
    return pod;
  }

  /** The current (or, with {@code previous}, the last ended) log of a container, or null. */
  ContainerLog log(String container, boolean previous) {
    return (previous ? previousLogs : logs).get(container);
  }

  /** Starts the pod's main thread. */
  void start() {
    var thread =
        new Thread(
            this::runPod,
            "pod-" + pod.getMetadata().getNamespace() + "-" + pod.getMetadata().getName());
    thread.setDaemon(true);
    mainThread = thread;
    thread.start();
    var deadline = pod.getSpec().getActiveDeadlineSeconds();
    if (deadline != null) {
      var watchdog =
          new Thread(
              () -> {
                if (sleep(deadline * 1000) && !terminal()) {
                  ctx.events()
                      .normal(
                          pod,
                          null,
                          "DeadlineExceeded",
                          "Pod was active on the node longer than the specified deadline");
                  stop("DeadlineExceeded", grace(null));
                }
              },
              "deadline-" + pod.getMetadata().getName());
      watchdog.setDaemon(true);
      watchdog.start();
    }
  }

  /** The pod changed in the API (e.g. it is being deleted). */
  void update(Pod latest) {
    this.pod = latest;
    if (latest.getMetadata().getDeletionTimestamp() != null && stopReason == null) {
      var thread = new Thread(() -> delete(latest), "delete-" + latest.getMetadata().getName());
      thread.setDaemon(true);
      thread.start();
    }
  }

  /**
   * The pod object is gone from the API: stop everything without writing status, then remove the
   * pod's folder (its volumes, container folders and logs), as a kubelet cleans up after a deleted
   * pod: a test cluster runs hundreds of pods, each with its own copy of a code package.
   */
  void forget() {
    gone = true;
    if (stopReason == null) {
      stop("Deleted", 0);
    }
    var cleanup =
        new Thread(
            () -> {
              var main = mainThread;
              try {
                if (main != null) {
                  main.join(60_000);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
              deleteTree(podDir);
            },
            "cleanup-" + pod.getMetadata().getName());
    cleanup.setDaemon(true);
    cleanup.start();
  }

  /** Deletes {@code dir} and what is in it, without following symbolic links; best effort. */
  static void deleteTree(Path dir) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // still in use or already gone: the cluster folder goes with the cluster
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // best effort
    }
  }

  private void delete(Pod latest) {
    stop("Deleted", grace(latest.getMetadata().getDeletionGracePeriodSeconds()));
    // the terminal phase is written by the pod thread; then the object is removed (grace 0, UID
    // precondition)
    for (int i = 0; i < 100 && !terminal(); i++) {
      sleep(100);
    }
    try {
      ctx.client()
          .pods()
          .inNamespace(latest.getMetadata().getNamespace())
          .withName(latest.getMetadata().getName())
          .withGracePeriod(0)
          .delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 409) {
        throw e;
      }
    }
  }

  private long grace(Long given) {
    if (given != null) {
      return given;
    }
    var spec = pod.getSpec().getTerminationGracePeriodSeconds();
    return spec == null ? 30 : spec;
  }

  private synchronized boolean terminal() {
    return phase.equals("Succeeded") || phase.equals("Failed");
  }

  /**
   * Kills every running container (SIGTERM, SIGKILL after the grace period); the pod thread then
   * ends.
   */
  void stop(String why, long graceSeconds) {
    stopReason = why;
    synchronized (threads) {
      threads.forEach(Thread::interrupt);
    }
    for (var entry : running.entrySet()) {
      if (!gone) {
        ctx.events().normal(pod, entry.getKey(), "Killing", "Stopping container " + entry.getKey());
      }
      try {
        entry.getValue().stop(graceSeconds);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  // ------------------------------------------------------------------------------------------------------------

  private void runPod() {
    try {
      publish();
      volumePaths = setUpVolumes();
      if (volumePaths == null) {
        return;
      }
      if (hostsFile != null) {
        ctx.dns()
            .register(
                uid,
                new ClusterDns.PodEntry(
                    pod.getMetadata().getNamespace(),
                    podIp,
                    PodEnv.hostname(pod),
                    pod.getSpec().getSubdomain(),
                    pod.getSpec().getHostAliases(),
                    hostsFile,
                    faults.dnsIsolated()));
      }
      synchronized (this) {
        sandboxReady = true;
      }
      publish();
      for (var c : pod.getSpec().getInitContainers()) {
        if (!runContainer(c, true)) {
          finish();
          return;
        }
      }
      synchronized (this) {
        initialized = true;
        for (var c : pod.getSpec().getContainers()) {
          statuses.put(c.getName(), waiting(c, "ContainerCreating", null, 0, null));
        }
      }
      publish();
      var mains = new ArrayList<Thread>();
      for (var c : pod.getSpec().getContainers()) {
        var t =
            new Thread(
                () -> runContainer(c, false),
                "ctr-" + pod.getMetadata().getName() + "-" + c.getName());
        t.setDaemon(true);
        mains.add(t);
        synchronized (threads) {
          threads.add(t);
        }
        t.start();
      }
      for (var t : mains) {
        t.join();
      }
      finish();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | IOException e) {
      System.err.println("node agent: pod " + name() + " failed in the agent: " + e);
      e.printStackTrace();
    } finally {
      ctx.dns().unregister(uid);
      ctx.addresses().release(uid);
      volumes.tearDown();
    }
  }

  private String name() {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private Map<String, Path> setUpVolumes() throws IOException {
    while (stopReason == null) {
      try {
        return volumes.setUp(pod, podDir);
      } catch (PodVolumes.MountFailure e) {
        ctx.events().warning(pod, null, "FailedMount", e.getMessage());
        if (!sleep(10_000)) {
          break;
        }
      }
    }
    finish();
    return null;
  }

  /** Final phase once no container will run again. */
  private void finish() {
    synchronized (this) {
      if (terminal()) {
        return;
      }
      boolean initFailed = initStatuses.values().stream().anyMatch(PodRun::failed);
      boolean anyFailed =
          statuses.values().stream()
              .anyMatch(s -> failed(s) || s.getState().getTerminated() == null);
      phase = initFailed || anyFailed ? "Failed" : "Succeeded";
      if ("DeadlineExceeded".equals(stopReason)) {
        phase = "Failed";
        reason = "DeadlineExceeded";
        message = "Pod was active on the node longer than the specified deadline";
      }
      for (var entry : new ArrayList<>(statuses.entrySet())) {
        var s = entry.getValue();
        if (s.getState().getTerminated() == null && s.getState().getRunning() == null) {
          var c = container(entry.getKey());
          statuses.put(
              entry.getKey(),
              terminatedStatus(
                  c,
                  s,
                  new ContainerStateTerminatedBuilder()
                      .withExitCode(137)
                      .withReason("ContainerStatusUnknown")
                      .withMessage("The container could not be located when the pod was terminated")
                      .build()));
        }
      }
    }
    if (!gone) {
      publish();
    }
  }

  private static boolean failed(ContainerStatus s) {
    var t = s.getState().getTerminated();
    return t != null && t.getExitCode() != 0;
  }

  private Container container(String name) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseGet(
            () ->
                pod.getSpec().getInitContainers().stream()
                    .filter(c -> c.getName().equals(name))
                    .findFirst()
                    .orElseThrow());
  }

  /**
   * Runs one container until it is done by the restart policy; false when an init container failed
   * for good.
   */
  private boolean runContainer(Container c, boolean init) {
    var policy =
        pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
    var runner = new ContainerRunner(ctx, this, c, init);
    long backoff = 10_000;
    int restarts = 0;
    while (stopReason == null) {
      var exit = runner.runOnce(restarts);
      if (exit == null) {
        return false; // stopped before it started
      }
      if (stopReason != null) {
        return exit.exitCode() == 0;
      }
      boolean restart =
          init
              ? exit.exitCode() != 0 && !policy.equals("Never")
              : policy.equals("Always") || policy.equals("OnFailure") && exit.exitCode() != 0;
      if (!restart) {
        return exit.exitCode() == 0;
      }
      var crash =
          "back-off "
              + (backoff / 1000)
              + "s restarting failed container="
              + c.getName()
              + " pod="
              + pod.getMetadata().getName()
              + "_"
              + pod.getMetadata().getNamespace()
              + "("
              + uid
              + ")";
      ctx.events()
          .warning(
              pod,
              c.getName(),
              "BackOff",
              "Back-off restarting failed container "
                  + c.getName()
                  + " in pod "
                  + pod.getMetadata().getName()
                  + "_"
                  + pod.getMetadata().getNamespace()
                  + "("
                  + uid
                  + ")");
      synchronized (this) {
        var last = status(c.getName(), init);
        put(
            c.getName(),
            init,
            new ContainerStatusBuilder(
                    waiting(
                        c, "CrashLoopBackOff", crash, restarts, last.getState().getTerminated()))
                .withContainerID(last.getContainerID())
                .build());
      }
      publish();
      if (!sleep(backoff)) {
        return false;
      }
      backoff = Math.min(backoff * 2, 300_000);
      restarts++;
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------------------------
  // state shared with ContainerRunner

  synchronized ContainerStatus status(String container, boolean init) {
    return (init ? initStatuses : statuses).get(container);
  }

  synchronized void put(String container, boolean init, ContainerStatus status) {
    (init ? initStatuses : statuses).put(container, status);
    if (!init && status.getState().getRunning() != null && phase.equals("Pending")) {
      phase = "Running";
    }
  }

  void publish() {
    PodStatusWriter.Snapshot snapshot;
    synchronized (this) {
      snapshot =
          new PodStatusWriter.Snapshot(
              phase,
              reason,
              message,
              sandboxReady,
              initialized,
              startTime,
              sandboxReady ? podIp : null,
              List.copyOf(initStatuses.values()),
              List.copyOf(statuses.values()));
    }
    if (!gone && !writer.write(pod, snapshot)) {
      gone = true;
    }
  }

  void started(String container, ContainerProcess process, ContainerLog log) {
    running.put(container, process);
    var before = logs.put(container, log);
    if (before != null) {
      previousLogs.put(container, before);
    }
  }

  void ended(String container) {
    running.remove(container);
  }

  String stopReason() {
    return stopReason;
  }

  /** The faults the pod's annotations ask for. */
  PodFaults faults() {
    return faults;
  }

  /** Why the pod's fault annotations are invalid, or null. */
  String faultError() {
    return faultError;
  }

  /** The pod's address. */
  String podIp() {
    return podIp;
  }

  /** The file mounted at each container's {@code /etc/hosts}, or null (hostNetwork pods). */
  Path hostsFile() {
    return hostsFile;
  }

  Path podDir() {
    return podDir;
  }

  Map<String, Path> volumePaths() {
    return volumePaths;
  }

  /** Sleeps; false when the pod is being stopped. */
  boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return stopReason == null;
    } catch (InterruptedException e) {
      return false;
    }
  }

  static ContainerStatus waiting(
      Container c, String reason, String message, int restarts, ContainerStateTerminated last) {
    var b =
        new ContainerStatusBuilder()
            .withName(c.getName())
            .withImage(c.getImage())
            .withImageID("")
            .withReady(false)
            .withStarted(false)
            .withRestartCount(restarts)
            .withNewState()
            .withNewWaiting()
            .withReason(reason)
            .withMessage(message)
            .endWaiting()
            .endState();
    if (last != null) {
      b.withNewLastState().withTerminated(last).endLastState();
    } else {
      b.withNewLastState().endLastState();
    }
    return b.build();
  }

  static ContainerStatus terminatedStatus(
      Container c, ContainerStatus before, ContainerStateTerminated t) {
    return new ContainerStatusBuilder(before)
        .withReady(false)
        .withStarted(false)
        .withNewState()
        .withTerminated(t)
        .endState()
        .build();
  }

  static String imageId(String image) {
    try {
      var digest =
          MessageDigest.getInstance("SHA-256").digest(image.getBytes(StandardCharsets.UTF_8));
      var ref = ImageCatalog.fullReference(image);
      return ref.substring(0, ref.lastIndexOf(':')) + "@sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static long memoryLimit(Container c) {
    var r = c.getResources();
    if (r == null || r.getLimits() == null || r.getLimits().get("memory") == null) {
      return 0;
    }
    Quantity q = r.getLimits().get("memory");
    return Quantity.getAmountInBytes(q).longValue();
  }
}
