package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Faults a test asks for through the pod's annotations (so also through the pod template of a Job,
 * JobSet or Argo Workflow): a container that ends with a given exit code (or as OOM-killed), a
 * delayed container start, slow logs and a failed pull of an image the catalog has. Each
 * annotation's value is a comma-separated list of {@code [container=]VALUE} items; an item without
 * a container applies to every container of the pod (init containers included).
 *
 * <ul>
 *   <li>{@value #EXIT}: {@code CODE[@DURATION]}, CODE 0-255 or {@code OOMKilled} (137, reason
 *       OOMKilled): the container starts as usual and, after DURATION (default 0), the agent kills
 *       it and reports CODE, however its command would have ended;
 *   <li>{@value #START_DELAY}: {@code DURATION}: the container stays waiting ({@code
 *       ContainerCreating}) that long after its image is pulled;
 *   <li>{@value #SLOW_LOGS}: {@code DURATION}: each line the container writes reaches its log (and
 *       {@code pods/log}) that much later than the one before (a container writing much more than
 *       its output pipe holds is slowed down, as with a blocking log driver);
 *   <li>{@value #PULL}: {@code not-found}, {@code denied}, {@code timeout} or {@code
 *       toomanyrequests}: pulling the image fails with the registry's or network's message ({@code
 *       ErrImagePull}, then {@code ImagePullBackOff}), although the catalog has it;
 *   <li>{@value #DNS}: {@code isolated}: the pod's {@code /etc/hosts} gets the headless Services'
 *       records of its own address only, never another pod's: the pod never resolves its peers'
 *       stable host names (as with a cluster DNS that does not answer for them);
 *   <li>{@value #TIMES}: {@code N}: the exit and pull faults apply to the first N runs (pulls) of
 *       each container only, counted over every pod of the same controller (e.g. the pods of a
 *       Job's retries), else over the pod's own restarts; by default always.
 * </ul>
 *
 * DURATION is a number with {@code ms}, {@code s} or {@code m}, e.g. {@code 500ms}, {@code 3s}.
 */
final class PodFaults {

  /** Annotation: a forced exit code. */
  static final String EXIT = "testkit.flowline.dev/fault-exit";

  /** Annotation: a delayed container start. */
  static final String START_DELAY = "testkit.flowline.dev/fault-start-delay";

  /** Annotation: slow logs. */
  static final String SLOW_LOGS = "testkit.flowline.dev/fault-slow-logs";

  /** Annotation: a failed image pull. */
  static final String PULL = "testkit.flowline.dev/fault-pull";

  /** Annotation: a pod that never learns the other pods' host names. */
  static final String DNS = "testkit.flowline.dev/fault-dns";

  /** Annotation: how many times the exit and pull faults apply. */
  static final String TIMES = "testkit.flowline.dev/fault-times";

  /** A bad fault annotation: the message says which, the value, the rule and the fix. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message);
    }
  }

  /**
   * A forced end.
   *
   * @param code the exit code
   * @param oomKilled whether it is reported as an OOM kill
   * @param afterMillis how long the container runs first
   */
  record Exit(int code, boolean oomKilled, long afterMillis) {}

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");
  private static final List<String> PULL_KINDS =
      List.of("not-found", "denied", "timeout", "toomanyrequests");

  private final String owner;
  private final Map<String, String> exit;
  private final Map<String, String> startDelay;
  private final Map<String, String> slowLogs;
  private final Map<String, String> pull;
  private final Integer times;
  private final boolean dnsIsolated;
  private final Map<String, AtomicInteger> counts;

  private PodFaults(
      String owner,
      Map<String, String> exit,
      Map<String, String> startDelay,
      Map<String, String> slowLogs,
      Map<String, String> pull,
      Integer times,
      boolean dnsIsolated,
      Map<String, AtomicInteger> counts) {
    this.owner = owner;
    this.exit = exit;
    this.startDelay = startDelay;
    this.slowLogs = slowLogs;
    this.pull = pull;
    this.times = times;
    this.dnsIsolated = dnsIsolated;
    this.counts = counts;
  }

  /** No faults. */
  static PodFaults none() {
    return new PodFaults(
        "", Map.of(), Map.of(), Map.of(), Map.of(), null, false, new ConcurrentHashMap<>());
  }

  /**
   * The faults the pod's annotations ask for; {@code counts} is the agent's shared counter of
   * applied faults (for {@value #TIMES}).
   */
  static PodFaults of(Pod pod, Map<String, AtomicInteger> counts) throws Invalid {
    var annotations = pod.getMetadata().getAnnotations();
    if (annotations == null
        || annotations.keySet().stream()
            .noneMatch(k -> k.startsWith("testkit.flowline.dev/fault-"))) {
      return none();
    }
    var problems = new ArrayList<String>();
    var exit =
        items(
            annotations,
            EXIT,
            problems,
            PodFaults::checkExit,
            "[container=]CODE[@DURATION] with CODE 0-255 or OOMKilled, e.g. main=137@2s");
    var delay =
        items(
            annotations,
            START_DELAY,
            problems,
            PodFaults::checkDuration,
            "[container=]DURATION, e.g. 3s or main=500ms");
    var slow =
        items(
            annotations,
            SLOW_LOGS,
            problems,
            PodFaults::checkDuration,
            "[container=]DURATION, e.g. 200ms");
    var pull =
        items(
            annotations,
            PULL,
            problems,
            PULL_KINDS::contains,
            "[container=]KIND with KIND one of " + String.join(", ", PULL_KINDS));
    Integer times = null;
    var timesValue = annotations.get(TIMES);
    if (timesValue != null) {
      if (timesValue.matches("[1-9]\\d{0,8}")) {
        times = Integer.valueOf(timesValue);
      } else {
        problems.add(problem(TIMES, timesValue, "a positive whole number, e.g. 1"));
      }
    }
    var dnsValue = annotations.get(DNS);
    if (dnsValue != null && !dnsValue.equals("isolated")) {
      problems.add(problem(DNS, dnsValue, "isolated"));
    }
    var known = List.of(EXIT, START_DELAY, SLOW_LOGS, PULL, DNS, TIMES);
    for (var key : annotations.keySet()) {
      if (key.startsWith("testkit.flowline.dev/fault-") && !known.contains(key)) {
        problems.add(
            "annotation "
                + key
                + " is not a fault the node agent knows; use one of "
                + String.join(", ", known));
      }
    }
    var containers = new java.util.TreeSet<String>();
    if (pod.getSpec() != null) {
      pod.getSpec().getInitContainers().forEach(c -> containers.add(c.getName()));
      pod.getSpec().getContainers().forEach(c -> containers.add(c.getName()));
    }
    for (var entry :
        Map.of(EXIT, exit, START_DELAY, delay, SLOW_LOGS, slow, PULL, pull).entrySet()) {
      for (var container : entry.getValue().keySet()) {
        if (!container.isEmpty() && !containers.contains(container)) {
          problems.add(
              "annotation "
                  + entry.getKey()
                  + " names container '"
                  + container
                  + "', which the pod does not have; name one of "
                  + containers);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new Invalid(String.join("; ", problems));
    }
    var owner =
        pod.getMetadata().getOwnerReferences().stream()
            .filter(o -> Boolean.TRUE.equals(o.getController()))
            .map(o -> o.getUid())
            .findFirst()
            .orElse(pod.getMetadata().getUid());
    return new PodFaults(
        owner, exit, delay, slow, pull, times, "isolated".equals(dnsValue), counts);
  }

  private static Map<String, String> items(
      Map<String, String> annotations,
      String key,
      List<String> problems,
      java.util.function.Predicate<String> valid,
      String rule) {
    var value = annotations.get(key);
    var result = new LinkedHashMap<String, String>();
    if (value == null) {
      return result;
    }
    for (var item : value.split(",")) {
      item = item.trim();
      int eq = item.indexOf('=');
      var container = eq < 0 ? "" : item.substring(0, eq);
      var v = eq < 0 ? item : item.substring(eq + 1);
      if (!valid.test(v)) {
        problems.add(problem(key, value, rule));
        return result;
      }
      result.put(container, v);
    }
    return result;
  }

  private static String problem(String key, String value, String rule) {
    return "annotation " + key + ": '" + value + "' is not " + rule + "; fix the pod's annotation";
  }

  private static boolean checkDuration(String value) {
    return DURATION.matcher(value).matches();
  }

  private static boolean checkExit(String value) {
    int at = value.indexOf('@');
    var code = at < 0 ? value : value.substring(0, at);
    boolean codeOk =
        code.equals("OOMKilled") || code.matches("\\d{1,3}") && Integer.parseInt(code) <= 255;
    return codeOk && (at < 0 || checkDuration(value.substring(at + 1)));
  }

  static long millis(String duration) {
    var m = DURATION.matcher(duration);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: " + duration);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> n;
      case "s" -> n * 1000;
      default -> n * 60_000;
    };
  }

  private static String forContainer(Map<String, String> items, String container) {
    var value = items.get(container);
    return value != null ? value : items.get("");
  }

  /** Whether a counted fault applies once more (and counts it). */
  private boolean consume(String kind, String container) {
    if (times == null) {
      return true;
    }
    var count =
        counts.computeIfAbsent(owner + "/" + kind + "/" + container, k -> new AtomicInteger());
    return count.incrementAndGet() <= times;
  }

  /** The forced end of this run of the container, or null. */
  Exit exit(String container) {
    var value = forContainer(exit, container);
    if (value == null || !consume("exit", container)) {
      return null;
    }
    int at = value.indexOf('@');
    var code = at < 0 ? value : value.substring(0, at);
    long after = at < 0 ? 0 : millis(value.substring(at + 1));
    return code.equals("OOMKilled")
        ? new Exit(137, true, after)
        : new Exit(Integer.parseInt(code), false, after);
  }

  /** Whether the pod's hosts file gets only the records of its own address ({@value #DNS}). */
  boolean dnsIsolated() {
    return dnsIsolated;
  }

  /** How long the container waits before it starts. */
  long startDelayMillis(String container) {
    var value = forContainer(startDelay, container);
    return value == null ? 0 : millis(value);
  }

  /** How much later each log line of the container arrives. */
  long logDelayMillis(String container) {
    var value = forContainer(slowLogs, container);
    return value == null ? 0 : millis(value);
  }

  /**
   * Why this pull of the container's image fails, as containerd's CRI gives it to kubelet (with the
   * gRPC code), or null.
   */
  String pullFailure(String container, String image) {
    var kind = forContainer(pull, container);
    if (kind == null || !consume("pull", container)) {
      return null;
    }
    var ref = ImageCatalog.fullReference(image);
    var host = ref.substring(0, ref.indexOf('/'));
    var registry = host.equals("docker.io") ? "registry-1.docker.io" : host;
    var path = ref.substring(ref.indexOf('/') + 1, ref.lastIndexOf(':'));
    var tag = ref.substring(ref.lastIndexOf(':') + 1);
    var manifest = "https://" + registry + "/v2/" + path + "/manifests/" + tag;
    var prefix =
        "failed to pull and unpack image \""
            + ref
            + "\": failed to resolve reference \""
            + ref
            + "\": ";
    return switch (kind) {
      case "not-found" ->
          "rpc error: code = NotFound desc = " + ImageCatalog.notFoundMessage(image);
      case "denied" ->
          "rpc error: code = Unknown desc = " + ImageCatalog.refusedMessage(image, false);
      case "timeout" ->
          "rpc error: code = Unknown desc = "
              + prefix
              + "failed to do request: Head \""
              + manifest
              + "\": dial tcp: lookup "
              + registry
              + ": i/o timeout";
      default ->
          "rpc error: code = Unknown desc = "
              + prefix
              + "unexpected status from HEAD request to "
              + manifest
              + ": 429 Too Many Requests - Server message: toomanyrequests: You have reached your"
              + " unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit";
    };
  }
}
