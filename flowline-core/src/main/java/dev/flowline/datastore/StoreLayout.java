package dev.flowline.datastore;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key of every object Flowline keeps in a {@link BlobStore}; the single place that knows the
 * layout (see {@code docs/datastore-layout.md} and the {@code dev.flowline.metadata} package
 * description).
 *
 * <pre>
 * _flows/FLOW                                   flow marker (listing flows is one prefix list)
 * FLOW/data/AB/SHA256                           content-addressed blob (artifact bytes, header + body)
 * FLOW/packages/SHA256                          code package, stored as is (a single-file flow's classes)
 * _flowline/packages/SHA256                     shared code package: a jar pods fetch by signed URL
 * _flowline/manifests/SHA256                    a run's code manifest: its files' signed URLs (useless once expired)
 * FLOW/_runs/RUN/start.MILLIS.json              run record: user, tags, system tags, parameters (as given, and the stored value of each)
 * FLOW/_runs/RUN/tags/MILLIS-RANDOM.json        one tag mutation (append-only; applied in key order)
 * FLOW/_runs/RUN/end.STATUS.MILLIS.json         run end (status completed|failed)
 * FLOW/RUN/STEP/TASK/task.json                  task record: split index, input paths, origin
 * FLOW/RUN/STEP/TASK/N.attempt.json             attempt N started (time)
 * FLOW/RUN/STEP/TASK/N.data.json                artifact index of attempt N: name to content key, type, size
 * FLOW/RUN/STEP/TASK/N.stdout.log, N.stderr.log logs of attempt N
 * FLOW/RUN/STEP/TASK/N.done.STATUS.json         done marker (status ok|failed, end time, exception), LAST
 * </pre>
 *
 * <p>Every key is written once (logs are replaced whole while a task runs), so a writer never edits
 * what another machine might be reading. Times (epoch milliseconds) and statuses are part of the
 * run keys and the done keys, so one prefix list of a flow's runs, or of a run's tasks, tells which
 * finished, when and how, without reading any object.
 */
public final class StoreLayout {
  /** The folder of the content-addressed store inside a flow's folder. */
  public static final String DATA_DIR = "data";

  /**
   * The folder of what all flows share, beside the flows' folders (so {@code _flowline} is not a
   * valid flow name).
   */
  public static final String SHARED_DIR = "_flowline";

  private static final Pattern RUN_FILE =
      Pattern.compile("(?:(start)\\.([0-9]+)|end\\.([a-z]+)\\.([0-9]+))\\.json");
  private static final Pattern ATTEMPT_FILE =
      Pattern.compile(
          "([0-9]+)\\.(attempt\\.json|data\\.json|stdout\\.log|stderr\\.log|done\\.([a-z]+)\\.json)");

  private StoreLayout() {}

  /** The marker of flow {@code flow}. */
  public static String flowMarker(String flow) {
    return "_flows/" + flow;
  }

  /** The prefix of all flow markers. */
  public static String flowMarkersPrefix() {
    return "_flows/";
  }

  /** The key of the content-addressed blob {@code sha256} (lower-case hex) of flow {@code flow}. */
  public static String blob(String flow, String sha256) {
    return flow + "/" + DATA_DIR + "/" + sha256.substring(0, 2) + "/" + sha256;
  }

  /** The key of the code package {@code sha256} of flow {@code flow}. */
  public static String codePackage(String flow, String sha256) {
    return flow + "/packages/" + sha256;
  }

  /**
   * The key of the shared code package {@code sha256} (lower-case hex): a file stored once for
   * every flow and run (Flowline's own jars, their libraries, the application's jars), beside the
   * flows' folders in {@link #SHARED_DIR}.
   */
  public static String sharedCodePackage(String sha256) {
    return SHARED_DIR + "/packages/" + sha256;
  }

  /**
   * The key of a code manifest whose bytes hash to {@code sha256}: the list of a run's code package
   * files with their signed URLs, which pods read first. Kept apart from the packages so that a
   * lifecycle rule can delete manifests once their URLs expired.
   */
  public static String codeManifest(String sha256) {
    return SHARED_DIR + "/manifests/" + sha256;
  }

  /** The prefix of every run record of {@code flow}. */
  public static String runsPrefix(String flow) {
    return flow + "/_runs/";
  }

  /** The prefix of the records of one run. */
  public static String runPrefix(String flow, String runId) {
    return runsPrefix(flow) + runId + "/";
  }

  /** The run's start record, with its start time in the key. */
  public static String runStart(String flow, String runId, long startedAtMillis) {
    return runPrefix(flow, runId) + "start." + startedAtMillis + ".json";
  }

  /** The run's end record, with its status and end time in the key. */
  public static String runEnd(String flow, String runId, String status, long endedAtMillis) {
    return runPrefix(flow, runId) + "end." + status + "." + endedAtMillis + ".json";
  }

  /** One tag mutation of a run. */
  public static String runTagEvent(String flow, String runId, long atMillis, String random) {
    return runTagsPrefix(flow, runId) + String.format("%013d", atMillis) + "-" + random + ".json";
  }

  /**
   * What a key below {@link #runsPrefix} is: the run id and, for a start or end record, the time
   * and status. Empty for keys that are neither (e.g. tag events, which {@link #runTagsPrefix}
   * lists).
   */
  public static Optional<RunFile> runFile(String flow, String key) {
    String prefix = runsPrefix(flow);
    if (!key.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = key.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    Matcher m = RUN_FILE.matcher(rest.substring(slash + 1));
    if (!m.matches()) {
      return Optional.empty();
    }
    boolean start = m.group(1) != null;
    String status = start ? null : m.group(3);
    long millis = Long.parseLong(start ? m.group(2) : m.group(4));
    return Optional.of(
        new RunFile(rest.substring(0, slash), start, Optional.ofNullable(status), millis, key));
  }

  /**
   * A start or end record of a run, as seen in a listing.
   *
   * @param runId the run id
   * @param isStart whether this is the start record (else the end record)
   * @param endStatus the status of an end record
   * @param millis the start or end time, epoch milliseconds
   * @param key the full key
   */
  public record RunFile(
      String runId, boolean isStart, Optional<String> endStatus, long millis, String key) {}

  /** The prefix of the run's tag mutations. */
  public static String runTagsPrefix(String flow, String runId) {
    return runPrefix(flow, runId) + "tags/";
  }

  /** The prefix of every task of a run. */
  public static String tasksPrefix(String flow, String runId) {
    return flow + "/" + runId + "/";
  }

  /** The prefix of every task of a step. */
  public static String stepPrefix(String flow, String runId, String step) {
    return tasksPrefix(flow, runId) + step + "/";
  }

  /** The prefix of one task's objects. */
  public static String taskPrefix(TaskPath task) {
    return stepPrefix(task.flow(), task.runId(), task.step()) + task.taskId() + "/";
  }

  /** The task record. */
  public static String taskRecord(TaskPath task) {
    return taskPrefix(task) + "task.json";
  }

  /** Attempt {@code attempt} started. */
  public static String attemptStart(TaskPath task, int attempt) {
    return taskPrefix(task) + attempt + ".attempt.json";
  }

  /** The artifact index of an attempt. */
  public static String artifactIndex(TaskPath task, int attempt) {
    return taskPrefix(task) + attempt + ".data.json";
  }

  /** A log of an attempt. */
  public static String log(TaskPath task, int attempt, LogStream stream) {
    return taskPrefix(task) + attempt + "." + stream.fileSuffix();
  }

  /** The done marker of an attempt, with its status in the key. */
  public static String attemptDone(TaskPath task, int attempt, String status) {
    return taskPrefix(task) + attempt + ".done." + status + ".json";
  }

  /**
   * What a key below a task's prefix is: the attempt number, the kind ({@code attempt.json}, {@code
   * data.json}, {@code stdout.log}, {@code stderr.log}, {@code done.STATUS.json}) and, for a done
   * marker, the status; empty for other keys (e.g. {@code task.json}).
   */
  public static Optional<AttemptFile> attemptFile(String fileName) {
    Matcher m = ATTEMPT_FILE.matcher(fileName);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new AttemptFile(Integer.parseInt(m.group(1)), m.group(2), Optional.ofNullable(m.group(3))));
  }

  /**
   * One per-attempt object of a task.
   *
   * @param attempt the attempt number
   * @param kind the file kind, e.g. {@code data.json} or {@code done.ok.json}
   * @param doneStatus the status of a done marker
   */
  public record AttemptFile(int attempt, String kind, Optional<String> doneStatus) {
    /** Whether this is the done marker. */
    public boolean isDone() {
      return doneStatus.isPresent();
    }
  }
}
