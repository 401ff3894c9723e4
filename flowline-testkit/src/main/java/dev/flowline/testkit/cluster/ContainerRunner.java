package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One start of one container, as kubelet's {@code startContainer}: pull the image (from the
 * catalog), build the environment, start the process with its mounts and memory cgroup, wait for
 * its end, and record each step in the container's status and the pod's events with kubelet's
 * reason strings.
 */
final class ContainerRunner {

  private final AgentContext ctx;
  private final PodRun run;
  private final Container c;
  private final boolean init;

  ContainerRunner(AgentContext ctx, PodRun run, Container c, boolean init) {
    this.ctx = ctx;
    this.run = run;
    this.c = c;
    this.init = init;
  }

  /** Runs the container once; null when the pod was stopped before the container started. */
  ContainerProcess.Exit runOnce(int restarts) {
    var pod = run.pod();
    var name = c.getName();
    var last =
        run.status(name, init).getLastState() == null
            ? null
            : run.status(name, init).getLastState().getTerminated();
    long backoff = 10_000;
    ImageCatalog.Image image;
    while (true) {
      if (run.stopReason() != null) {
        return null;
      }
      var found = ctx.catalog().find(c.getImage());
      var key = pod.getSpec().getNodeName() + " " + c.getImage();
      var policy = c.getImagePullPolicy() == null ? "IfNotPresent" : c.getImagePullPolicy();
      // a pull fault makes the image count as not on the node, so that the pull happens
      var injected =
          found.isPresent() && !policy.equals("Never")
              ? run.faults().pullFailure(name, c.getImage())
              : null;
      if (injected == null
          && found.isPresent()
          && policy.equals("IfNotPresent")
          && ctx.pulledImages().contains(key)) {
        ctx.events()
            .normal(
                pod,
                name,
                "Pulled",
                "Container image \"" + c.getImage() + "\" already present on machine");
        image = found.get();
        break;
      }
      if (policy.equals("Never")) {
        if (found.isPresent()) {
          image = found.get();
          break;
        }
        var msg =
            "Container image \"" + c.getImage() + "\" is not present with pull policy of Never";
        ctx.events().warning(pod, name, "ErrImageNeverPull", msg);
        setWaiting("ErrImageNeverPull", msg, restarts, last);
        if (!run.sleep(backoff)) {
          return null;
        }
        continue;
      }
      ctx.events().normal(pod, name, "Pulling", "Pulling image \"" + c.getImage() + "\"");
      var refused = injected == null && found.isPresent() ? refusal(pod, found.get()) : null;
      if (found.isPresent() && injected == null && refused == null) {
        ctx.pulledImages().add(key);
        ctx.events()
            .normal(
                pod,
                name,
                "Pulled",
                "Successfully pulled image \""
                    + c.getImage()
                    + "\" in 1ms (1ms including waiting). Image size: 0 bytes.");
        image = found.get();
        break;
      }
      var why =
          injected != null
              ? injected
              : refused != null
                  ? "rpc error: code = Unknown desc = " + refused
                  : "rpc error: code = NotFound desc = "
                      + ImageCatalog.notFoundMessage(c.getImage());
      ctx.events()
          .warning(pod, name, "Failed", "Failed to pull image \"" + c.getImage() + "\": " + why);
      ctx.events().warning(pod, name, "Failed", "Error: ErrImagePull");
      setWaiting("ErrImagePull", why, restarts, last);
      if (!run.sleep(Math.min(backoff, 2_000))) {
        return null;
      }
      var backMsg = "Back-off pulling image \"" + c.getImage() + "\": ErrImagePull: " + why;
      ctx.events().normal(pod, name, "BackOff", "Back-off pulling image \"" + c.getImage() + "\"");
      ctx.events().warning(pod, name, "Failed", "Error: ImagePullBackOff");
      setWaiting("ImagePullBackOff", backMsg, restarts, last);
      if (!run.sleep(backoff)) {
        return null;
      }
      backoff = Math.min(backoff * 2, 300_000);
    }

    java.util.Map<String, String> env;
    while (true) {
      try {
        env = PodEnv.resolve(ctx.client(), pod, c, ctx.apiPort(), run.podIp());
        break;
      } catch (PodEnv.ConfigError e) {
        ctx.events().warning(pod, name, "Failed", "Error: " + e.getMessage());
        setWaiting("CreateContainerConfigError", e.getMessage(), restarts, last);
        if (!run.sleep(10_000)) {
          return null;
        }
      }
    }
    var user = ContainerUser.of(pod, c);
    var nonRoot = ContainerUser.nonRootViolation(pod, c, user);
    if (nonRoot != null) {
      ctx.events().warning(pod, name, "Failed", "Error: " + nonRoot);
      setWaiting("CreateContainerConfigError", nonRoot, restarts, last);
      while (run.sleep(10_000)) {
        // as kubelet: the pod stays in CreateContainerConfigError (the spec cannot change)
      }
      return null;
    }
    if (run.faultError() != null) {
      ctx.events().warning(pod, name, "Failed", "Error: " + run.faultError());
      setWaiting("CreateContainerConfigError", run.faultError(), restarts, last);
      while (run.sleep(10_000)) {
        // the annotations of a pod cannot be fixed in place: it stays so until deleted
      }
      return null;
    }
    long startDelay = run.faults().startDelayMillis(name);
    if (startDelay > 0 && !run.sleep(startDelay)) {
      return null;
    }
    var fullEnv = new LinkedHashMap<String, String>();
    var path = new ArrayList<String>();
    image.path().forEach(p -> path.add(p.toString()));
    path.add("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    fullEnv.put("PATH", String.join(":", path));
    fullEnv.putAll(image.env());
    fullEnv.putAll(env);
    // as a container runtime: no command means the image's entrypoint (which is not expanded)
    var command =
        c.getCommand() == null || c.getCommand().isEmpty()
            ? new ArrayList<String>(image.entrypoint())
            : new ArrayList<String>(PodEnv.expandAll(c.getCommand(), fullEnv));
    command.addAll(PodEnv.expandAll(c.getArgs(), fullEnv));
    if (command.isEmpty()) {
      command.add("/bin/sh");
    }

    List<ContainerProcess.Mount> mounts = new ArrayList<>();
    // a container's /tmp is its own, as an image's filesystem is; mounted after the volumes (whose
    // sources are in the cluster's folder, often under the host's /tmp), unless a volume is there
    Path tmp = run.podDir().resolve("containers").resolve(name + "-" + restarts + "-tmp");
    try {
      java.nio.file.Files.createDirectories(tmp);
      java.nio.file.Files.setPosixFilePermissions(
          tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (var m : c.getVolumeMounts()) {
      Path source = run.volumePaths().get(m.getName());
      if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
        Path volume = source;
        source = source.resolve(m.getSubPath());
        try {
          if (!java.nio.file.Files.exists(source)) {
            java.nio.file.Files.createDirectories(source);
            // as kubelet: a missing subPath gets the volume's mode (an emptyDir's is 0777, so that
            // a container running as another user, e.g. Argo's 8737, can write there)
            var mode = java.nio.file.Files.getPosixFilePermissions(volume);
            for (Path d = source; !d.equals(volume); d = d.getParent()) {
              java.nio.file.Files.setPosixFilePermissions(d, mode);
            }
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      mounts.add(
          new ContainerProcess.Mount(
              source, m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly())));
    }
    // as kubelet: the pod's managed /etc/hosts, unless a volume is mounted there
    if (run.hostsFile() != null
        && c.getVolumeMounts().stream().noneMatch(m -> m.getMountPath().equals("/etc/hosts"))) {
      mounts.add(new ContainerProcess.Mount(run.hostsFile(), "/etc/hosts", false));
    }
    if (c.getVolumeMounts().stream()
        .noneMatch(m -> m.getMountPath().equals("/tmp") || m.getMountPath().startsWith("/tmp/"))) {
      mounts.add(new ContainerProcess.Mount(tmp, "/tmp", false));
    }
    mounts = sourcesFirst(mounts);
    long limit = PodRun.memoryLimit(c);
    var id = UUID.randomUUID().toString().replace("-", "");
    var cgroup = limit > 0 && ctx.cgroupRoot() != null ? ctx.cgroupRoot().resolve(id) : null;
    var runDir = run.podDir().resolve("containers").resolve(name + "-" + restarts);
    var spec =
        new ContainerProcess.Spec(
            runDir,
            command,
            fullEnv,
            c.getWorkingDir(),
            mounts,
            PodEnv.hostname(pod),
            limit,
            cgroup,
            user,
            run.podDir());
    var log =
        ContainerLog.create(
            run.podDir().resolve("logs").resolve(name).resolve(restarts + ".log"),
            run.faults().logDelayMillis(name));
    ctx.events().normal(pod, name, "Created", "Created container: " + name);
    ContainerProcess process;
    try {
      process = ContainerProcess.start(spec, log);
    } catch (IOException e) {
      log.close();
      ctx.events().warning(pod, name, "Failed", "Error: " + e.getMessage());
      setWaiting("RunContainerError", e.getMessage(), restarts, last);
      return new ContainerProcess.Exit(128, false);
    }
    var startedAt = Instant.now();
    run.started(name, process, log);
    ctx.events().normal(pod, name, "Started", "Started container " + name);
    var containerId = "flowline://" + id;
    var runningStatus =
        new ContainerStatusBuilder(PodRun.waiting(c, "x", null, restarts, last))
            .withImageID(PodRun.imageId(c.getImage()))
            .withContainerID(containerId)
            .withReady(!init)
            .withStarted(true)
            .withNewState()
            .withNewRunning()
            .withStartedAt(PodStatusWriter.time(startedAt))
            .endRunning()
            .endState()
            .build();
    run.put(name, init, runningStatus);
    run.publish();
    var forced = run.faults().exit(name);
    var killer = forced == null ? null : killAfter(process, forced.afterMillis());
    ContainerProcess.Exit exit;
    try {
      exit = process.waitFor();
    } catch (InterruptedException e) {
      try {
        process.stop(0);
        exit = process.waitFor();
      } catch (InterruptedException again) {
        Thread.currentThread().interrupt();
        exit = new ContainerProcess.Exit(137, false);
      }
    }
    if (killer != null) {
      killer.interrupt();
      if (run.stopReason() == null) {
        exit = new ContainerProcess.Exit(forced.code(), forced.oomKilled());
      }
    }
    log.close();
    process.removeCgroup();
    run.ended(name);
    var reason = exit.oomKilled() ? "OOMKilled" : exit.exitCode() == 0 ? "Completed" : "Error";
    var terminated =
        new ContainerStateTerminatedBuilder()
            .withExitCode(exit.exitCode())
            .withReason(reason)
            .withStartedAt(PodStatusWriter.time(startedAt))
            .withFinishedAt(PodStatusWriter.time(Instant.now()))
            .withContainerID(containerId)
            .withMessage(terminationMessage(log, exit))
            .build();
    run.put(name, init, PodRun.terminatedStatus(c, runningStatus, terminated));
    run.publish();
    return exit;
  }

  /** Kills the container after {@code millis} (a forced exit, {@link PodFaults#EXIT}). */
  private Thread killAfter(ContainerProcess process, long millis) {
    var thread =
        new Thread(
            () -> {
              try {
                Thread.sleep(millis);
                process.kill();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the container ended first
              }
            },
            "fault-exit-" + run.pod().getMetadata().getName() + "-" + c.getName());
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * Why the registry refuses to pull {@code image} for this pod (a private image without the right
   * credentials in the pod's pull secrets), or null when it may.
   */
  private String refusal(io.fabric8.kubernetes.api.model.Pod pod, ImageCatalog.Image image) {
    if (!image.privateRegistry()) {
      return null;
    }
    var found = PullCredentials.forImage(ctx.client(), pod, c.getImage());
    if (!found.missing().isEmpty()) {
      ctx.events()
          .warning(
              pod,
              null,
              "FailedToRetrieveImagePullSecret",
              "Unable to retrieve some image pull secrets ("
                  + String.join(", ", found.missing())
                  + "); attempting to pull the image may not succeed.");
    }
    if (found.logins().contains(ImageCatalog.PRIVATE_USER + ":" + ImageCatalog.PRIVATE_PASSWORD)) {
      return null;
    }
    return ImageCatalog.refusedMessage(c.getImage(), !found.logins().isEmpty());
  }

  private String terminationMessage(ContainerLog log, ContainerProcess.Exit exit) {
    if (!"FallbackToLogsOnError".equals(c.getTerminationMessagePolicy()) || exit.exitCode() == 0) {
      return null;
    }
    try {
      List<String> lines = log.lines();
      var tail = lines.subList(Math.max(0, lines.size() - 80), lines.size());
      var text = String.join("\n", tail);
      return text.length() > 2048 ? text.substring(text.length() - 2048) : text;
    } catch (IOException e) {
      return null;
    }
  }

  private void setWaiting(
      String reason,
      String message,
      int restarts,
      io.fabric8.kubernetes.api.model.ContainerStateTerminated last) {
    run.put(c.getName(), init, PodRun.waiting(c, reason, message, restarts, last));
    run.publish();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /**
   * {@code mounts} in the order they can be made: a mount whose target hides another's source (a
   * volume at {@code /tmp}, as Argo's wait container has, while the cluster's folder is under the
   * host's {@code /tmp}) goes after the others, since a bind mount's source is looked up in the
   * container's tree as it is when that mount is made. Each group keeps its order.
   */
  static List<ContainerProcess.Mount> sourcesFirst(List<ContainerProcess.Mount> mounts) {
    var first = new ArrayList<ContainerProcess.Mount>();
    var last = new ArrayList<ContainerProcess.Mount>();
    for (var m : mounts) {
      Path target = Path.of(m.target());
      boolean hides =
          mounts.stream()
              .anyMatch(o -> o != m && o.source().toAbsolutePath().normalize().startsWith(target));
      (hides ? last : first).add(m);
    }
    first.addAll(last);
    return first;
  }
}
