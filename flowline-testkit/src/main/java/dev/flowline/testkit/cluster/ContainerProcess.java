package dev.flowline.testkit.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of one container as a local process: its own mount, PID and UTS namespaces ({@code
 * unshare}, as root), the pod's volumes bind-mounted at their mount paths, and, when the container
 * has a memory limit, a cgroup (v1 memory controller) that makes the kernel OOM-kill it as on a
 * node. The process runs as the container's user ({@link ContainerUser}: {@code setpriv} after the
 * mounts).
 */
final class ContainerProcess {

  /**
   * A bind mount inside the container.
   *
   * @param source the host file or folder
   * @param target the path inside the container
   * @param readOnly whether it is mounted read-only
   */
  record Mount(Path source, String target, boolean readOnly) {}

  /**
   * What to run.
   *
   * @param dir the folder of this run's scripts
   * @param command the command and arguments
   * @param env the whole environment
   * @param workingDir the working directory, or null
   * @param mounts bind mounts
   * @param hostname the pod's hostname
   * @param memoryLimit bytes, or 0 for none
   * @param cgroup the memory cgroup folder to create, or null
   * @param user who the process is (after the mounts, which need root)
   * @param podDir the pod's folder, where the sources of its volumes are (or null)
   */
  record Spec(
      Path dir,
      List<String> command,
      Map<String, String> env,
      String workingDir,
      List<Mount> mounts,
      String hostname,
      long memoryLimit,
      Path cgroup,
      ContainerUser user,
      Path podDir) {}

  /**
   * Where the pod's folder is bound inside the container when a volume's mount would hide it (see
   * {@link #innerScript}); private to the container's mount namespace (the empty folder is made on
   * the host as the mount point).
   */
  static final String POD_DIR_STAGE = "/run/flowline-pod";

  /**
   * How the run ended.
   *
   * @param exitCode the exit code (128 + signal when killed)
   * @param oomKilled whether the memory cgroup's OOM killer ended it
   */
  record Exit(int exitCode, boolean oomKilled) {}

  private final Spec spec;
  private final Process process;

  private ContainerProcess(Spec spec, Process process) {
    this.spec = spec;
    this.process = process;
  }

  /** Starts the container; its stdout and stderr go to {@code log}. */
  static ContainerProcess start(Spec spec, ContainerLog log) throws IOException {
    Files.createDirectories(spec.dir());
    if (spec.cgroup() != null) {
      Files.createDirectories(spec.cgroup());
      Files.writeString(
          spec.cgroup().resolve("memory.limit_in_bytes"), Long.toString(spec.memoryLimit()));
    }
    var outer = spec.dir().resolve("run.sh");
    var inner = spec.dir().resolve("inner.sh");
    Files.writeString(outer, outerScript(spec, inner), StandardCharsets.UTF_8);
    Files.writeString(inner, innerScript(spec), StandardCharsets.UTF_8);
    var command = new ArrayList<String>(List.of("/bin/sh", outer.toString()));
    command.addAll(spec.command());
    var builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(spec.env());
    var process = builder.start();
    process.getOutputStream().close();
    log.pump(process.getInputStream(), "stdout");
    log.pump(process.getErrorStream(), "stderr");
    return new ContainerProcess(spec, process);
  }

  private static String outerScript(Spec spec, Path inner) {
    var s = new StringBuilder("#!/bin/sh\n");
    if (spec.cgroup() != null) {
      s.append("echo $$ > ")
          .append(quote(spec.cgroup().resolve("cgroup.procs").toString()))
          .append(" || exit 125\n");
    }
    s.append(
            "exec unshare --mount --pid --uts --fork --kill-child --mount-proc --propagation private /bin/sh ")
        .append(quote(inner.toString()))
        .append(" \"$@\"\n");
    return s.toString();
  }

  private static String innerScript(Spec spec) {
    var s = new StringBuilder("#!/bin/sh\n");
    s.append("hostname ").append(quote(spec.hostname())).append(" 2>/dev/null\n");
    // A volume mounted at /tmp (or at another parent of the pod's folder, which is often under the
    // host's /tmp) would hide the sources of the mounts after it: the pod's folder is then bound at
    // POD_DIR_STAGE first, and sources in it are mounted from there.
    Path podDir = spec.podDir() == null ? null : spec.podDir().toAbsolutePath().normalize();
    boolean stage =
        podDir != null
            && spec.mounts().stream().anyMatch(m -> podDir.startsWith(Path.of(m.target())));
    if (stage) {
      s.append("mkdir -p ")
          .append(POD_DIR_STAGE)
          .append(" && mount --bind ")
          .append(quote(podDir.toString()))
          .append(' ')
          .append(POD_DIR_STAGE)
          .append(" || { echo \"cannot bind ")
          .append(podDir)
          .append(" at ")
          .append(POD_DIR_STAGE)
          .append("\" >&2; exit 125; }\n");
    }
    for (var mount : spec.mounts()) {
      var target = quote(mount.target());
      Path from = mount.source().toAbsolutePath().normalize();
      String source =
          stage && from.startsWith(podDir)
              ? Path.of(POD_DIR_STAGE).resolve(podDir.relativize(from)).toString()
              : mount.source().toString();
      if (Files.isDirectory(mount.source())) {
        s.append("mkdir -p ").append(target);
      } else {
        s.append("mkdir -p \"$(dirname ")
            .append(target)
            .append(")\" && { [ -e ")
            .append(target)
            .append(" ] || touch ")
            .append(target)
            .append("; }");
      }
      s.append(" && mount --bind ").append(quote(source)).append(' ').append(target);
      if (mount.readOnly()) {
        s.append(" && mount -o remount,bind,ro ").append(target);
      }
      s.append(" || { echo \"cannot mount ")
          .append(mount.source())
          .append(" at ")
          .append(mount.target());
      s.append("\" >&2; exit 125; }\n");
    }
    if (spec.workingDir() != null && !spec.workingDir().isEmpty()) {
      s.append("mkdir -p ")
          .append(quote(spec.workingDir()))
          .append(" && cd ")
          .append(quote(spec.workingDir()));
      s.append(" || exit 125\n");
    }
    s.append("exec ");
    if (spec.user().applies()) {
      for (var arg : spec.user().setprivArguments()) {
        s.append(quote(arg)).append(' ');
      }
    }
    s.append("\"$@\"\n");
    return s.toString();
  }

  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  long pid() {
    return process.pid();
  }

  /**
   * Waits for the end of the container and tells how it ended. As a container runtime does, a
   * container that ended with an error after the kernel OOM-killed a process of its cgroup ended
   * {@code OOMKilled} with 137, also when the killed process was a child of the one we started
   * (which then exits otherwise: unshare reports its killed child with 1).
   */
  Exit waitFor() throws InterruptedException {
    int code = process.waitFor();
    boolean oom = code != 0 && oomKills() > 0;
    return new Exit(oom ? 137 : code, oom);
  }

  private long oomKills() {
    if (spec.cgroup() == null) {
      return 0;
    }
    try {
      for (var line : Files.readAllLines(spec.cgroup().resolve("memory.oom_control"))) {
        if (line.startsWith("oom_kill ")) {
          return Long.parseLong(line.substring("oom_kill ".length()).trim());
        }
      }
      return Long.parseLong(Files.readString(spec.cgroup().resolve("memory.failcnt")).trim()) > 0
          ? 1
          : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the memory cgroup " + spec.cgroup(), e);
    }
  }

  /**
   * SIGTERM to every process of the container, SIGKILL after {@code graceSeconds} if it still runs.
   */
  void stop(long graceSeconds) throws InterruptedException {
    var handle = process.toHandle();
    handle.descendants().forEach(ProcessHandle::destroy);
    if (!process.waitFor(Math.max(0, graceSeconds), TimeUnit.SECONDS)) {
      handle.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /**
   * SIGKILL to the container at once, as the kernel's OOM killer or a runtime's kill does: first
   * its PID 1 (the kernel then kills everything else in its PID namespace, so no shell of it
   * reports the death of a child), then whatever is left.
   */
  void kill() throws InterruptedException {
    var handle = process.toHandle();
    handle.children().forEach(ProcessHandle::destroyForcibly);
    handle.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor();
  }

  /** Removes the memory cgroup once the container ended. */
  void removeCgroup() {
    if (spec.cgroup() != null) {
      try {
        Files.deleteIfExists(spec.cgroup());
      } catch (IOException e) {
        // a cgroup still holding a dying process cannot be removed yet; `flowline-cluster down`
        // removes it
        System.err.println("node agent: cannot remove cgroup " + spec.cgroup() + " yet: " + e);
      }
    }
  }
}
