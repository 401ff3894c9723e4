package dev.flowline.kubernetes.diagnose;

import dev.flowline.kubernetes.config.KubernetesOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Ends read from how the decisive container terminated: the first init container that failed, else
 * the first main container that failed, else the first that finished. {@code OOMKilled} beats the
 * exit code; exit 0 is success, 1 the task's own failure, 128 + n a signal, anything else a crash
 * (and any failure of an init container, which runs before the task).
 */
final class TerminationEnds {
  private static final Map<Integer, String> SIGNALS =
      Map.ofEntries(
          Map.entry(1, "SIGHUP"),
          Map.entry(2, "SIGINT"),
          Map.entry(3, "SIGQUIT"),
          Map.entry(4, "SIGILL"),
          Map.entry(5, "SIGTRAP"),
          Map.entry(6, "SIGABRT"),
          Map.entry(7, "SIGBUS"),
          Map.entry(8, "SIGFPE"),
          Map.entry(9, "SIGKILL"),
          Map.entry(10, "SIGUSR1"),
          Map.entry(11, "SIGSEGV"),
          Map.entry(12, "SIGUSR2"),
          Map.entry(13, "SIGPIPE"),
          Map.entry(14, "SIGALRM"),
          Map.entry(15, "SIGTERM"));

  private TerminationEnds() {}

  /** The decisive terminated container, if any container terminated. */
  static Optional<ContainerStatus> decisive(Pod pod) {
    List<ContainerStatus> failedFirst = new ArrayList<>();
    PodFacts.initStatuses(pod).stream().filter(TerminationEnds::failed).forEach(failedFirst::add);
    PodFacts.mainStatuses(pod).stream().filter(TerminationEnds::failed).forEach(failedFirst::add);
    PodFacts.mainStatuses(pod).stream()
        .filter(s -> terminated(s) != null)
        .forEach(failedFirst::add);
    return failedFirst.stream().findFirst();
  }

  static ContainerStateTerminated terminated(ContainerStatus s) {
    return s.getState() == null ? null : s.getState().getTerminated();
  }

  static int exitCode(ContainerStatus s) {
    Integer code = terminated(s).getExitCode();
    return code == null ? -1 : code;
  }

  private static boolean failed(ContainerStatus s) {
    ContainerStateTerminated t = terminated(s);
    return t != null
        && ((t.getExitCode() != null && t.getExitCode() != 0) || "OOMKilled".equals(t.getReason()));
  }

  /** The end that container {@code s} of {@code pod} shows. */
  static PodEnd of(Pod pod, ContainerStatus s) {
    ContainerStateTerminated t = terminated(s);
    int code = exitCode(s);
    Optional<Integer> exit = code < 0 ? Optional.empty() : Optional.of(code);
    String container = PodFacts.describeContainer(pod, s.getName());
    String reason = Objects.toString(t.getReason(), "");
    String evidence = evidence(reason, code, t.getMessage());
    if (reason.equals("OOMKilled")) {
      return end(
          EndCause.OOM_KILLED,
          exit,
          container + " was OOM-killed" + codeText(code),
          evidence,
          oomFix(pod, s.getName()));
    }
    if (code == 0) {
      return new PodEnd(
          EndCause.SUCCEEDED,
          RetryBudget.NONE,
          exit,
          container + " succeeded (exit code 0)",
          "",
          "",
          Optional.empty());
    }
    if (reason.equals("StartError") || reason.equals("ContainerCannotRun")) {
      return end(
          EndCause.CRASHED,
          exit,
          container + " could not start",
          evidence,
          "Check the image: it needs a POSIX sh and java on the PATH, and the flow's classes on"
              + " FLOWLINE_CLASSPATH (docs/kubernetes.md). The image comes from"
              + " @Kubernetes(image = ...) or "
              + KubernetesOptions.CONTAINER_IMAGE.key()
              + ".");
    }
    if (container.startsWith("init ") && code > 0 && code <= 128) {
      return end(
          EndCause.CRASHED,
          exit,
          container + " failed (exit code " + code + ") before the task started",
          evidence,
          "Its log says why (`kubectl logs " + PodFacts.name(pod) + " -c " + s.getName() + "`).");
    }
    if (code == 1) {
      return end(
          EndCause.USER_FAILURE,
          exit,
          "the task failed (exit code 1)",
          evidence,
          "The task's log and its recorded exception say why.");
    }
    if (code == 2) {
      return end(
          EndCause.CRASHED,
          exit,
          "the step command refused to run (exit code 2: bad usage, configuration or flow graph)",
          evidence,
          "The start of the task's log says what it rejected.");
    }
    if (code > 128 && code <= 128 + 64) {
      return signal(exit, container, code - 128, evidence);
    }
    return end(
        EndCause.CRASHED,
        exit,
        container + " exited with code " + code + " before the task recorded its end",
        evidence,
        "The end of the task's log says why.");
  }

  private static PodEnd signal(Optional<Integer> exit, String container, int signal, String ev) {
    String name = SIGNALS.getOrDefault(signal, "signal " + signal);
    String what = container + " was ended by " + name + " (exit code " + (128 + signal) + ")";
    String fix =
        switch (signal) {
          case 9 ->
              "Something outside the task killed it at once without an OOM kill being recorded:"
                  + " the kubelet after a stop's grace period, a node-wide out-of-memory kill, or"
                  + " the container runtime. If it recurs, give the step more memory"
                  + " (@Kubernetes(memory = ...) or @Resources(memory = ...)) and read the node's"
                  + " events.";
          case 11 ->
              "A segmentation fault in native code: the JVM itself or a native library the task"
                  + " loads (JNI). The JVM's crash report (hs_err_pid*.log) and the end of the"
                  + " task's log say where; try another version of the library or of the JDK in"
                  + " the image.";
          case 6 ->
              "The JVM or a native library called abort(), usually a JVM crash or a failed"
                  + " native assertion; the JVM's crash report (hs_err_pid*.log) and the end of the"
                  + " task's log say where.";
          case 15 ->
              "Something asked the container to stop (a deletion or an eviction) and the task"
                  + " ended before recording its end.";
          default -> "The end of the task's log may say what sent it.";
        };
    return end(EndCause.SIGNAL, exit, what, ev, fix);
  }

  private static String oomFix(Pod pod, String containerName) {
    Optional<Container> c = PodFacts.container(pod, containerName);
    Optional<Quantity> limit = c.flatMap(x -> PodFacts.limit(x, "memory"));
    boolean init = PodFacts.describeContainer(pod, containerName).startsWith("init ");
    String settings =
        "@Kubernetes(memory = ...), @Resources(memory = ...) or " + KubernetesOptions.MEMORY.key();
    String stepUp =
        " With oomMemoryFactor (@Kubernetes(oomMemoryFactor = 1.5) or "
            + KubernetesOptions.OOM_MEMORY_FACTOR.key()
            + ") each retry after an OOM kill asks for more by itself.";
    if (limit.isPresent()) {
      String used =
          "It used its memory limit of "
              + PodFacts.megabytes(Quantity.getAmountInBytes(limit.get()))
              + " MB (resources.limits.memory: "
              + limit.get()
              + ").";
      return init
          ? used + " That limit belongs to the init container, not to the step's memory."
          : used + " Raise it with " + settings + "." + stepUp;
    }
    Optional<BigDecimal> request = c.flatMap(x -> PodFacts.request(x, "memory"));
    return "It has no memory limit (QoS Burstable), so the node ran out of memory while it used"
        + " more than its request"
        + request
            .map(r -> " of " + PodFacts.megabytes(r) + " MB (resources.requests.memory)")
            .orElse("")
        + " and the kernel killed it. Ask for what it uses with "
        + settings
        + ", or reserve it with @Kubernetes(qos = \"Guaranteed\") or "
        + KubernetesOptions.QOS.key()
        + "=Guaranteed."
        + stepUp;
  }

  /**
   * {@code REASON, exit code N}, and the termination message's last line: with {@code
   * terminationMessagePolicy: FallbackToLogsOnError} that message is the end of the log.
   */
  private static String evidence(String reason, int code, String message) {
    String head =
        (reason.isEmpty() ? "terminated" : reason) + (code < 0 ? "" : ", exit code " + code);
    String last =
        message == null
            ? ""
            : message
                .lines()
                .map(String::trim)
                .filter(l -> !l.isEmpty())
                .reduce((a, b) -> b)
                .orElse("");
    if (last.length() > 300) {
      last = last.substring(0, 297) + "...";
    }
    return last.isEmpty() ? head : head + "; last line: " + last;
  }

  private static String codeText(int code) {
    return code < 0 ? "" : " (exit code " + code + ")";
  }

  private static PodEnd end(
      EndCause cause, Optional<Integer> exit, String summary, String evidence, String fix) {
    return new PodEnd(cause, RetryBudget.USER, exit, summary, evidence, fix, Optional.empty());
  }
}
