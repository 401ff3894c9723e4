package dev.flowline.bench.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flowline.bench.KubernetesForeachFlow;
import dev.flowline.client.FlowlineClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long real tasks spend in their pod before the user's method starts, from the output of a
 * {@code bin/flowline ... run} whose pods print the moment their container script started ({@value
 * #CONTAINER_STARTED} EPOCH_MICROS, from {@code METAFLOW_KUBERNETES_SANDBOX_INIT_SCRIPT}, which the
 * script runs first), the fetcher's line ({@code flowline: code package: ... in N ms}) and, for
 * {@link KubernetesForeachFlow}, the moments the task's JVM and its method started. For a flow that
 * prints nothing (HelloFlow), {@code --flow NAME --run ID} reads each attempt's start from the
 * datastore instead (recorded by the step command before it loads the inputs; milliseconds).
 *
 * <pre>
 * java -cp ... dev.flowline.bench.kubernetes.PodStartReport OUTPUT_FILE... [--flow NAME --run ID]
 * </pre>
 *
 * (the datastore is the one the environment configures, as for {@code bin/flowline})
 */
public final class PodStartReport {
  /** What the benchmark's init script prints, followed by the epoch time in microseconds. */
  public static final String CONTAINER_STARTED = "flowline-bench: container started at";

  private static final Pattern LINE =
      Pattern.compile("^\\[([^/\\]]+)/([^/\\]]+)/([^/\\]]+)\\] (.*)$");
  private static final Pattern FETCH =
      Pattern.compile(
          "flowline: code package: (\\d+) files .*: (\\d+) downloaded \\((\\d+) kB\\).* in (\\d+) ms");

  private PodStartReport() {}

  /** What one task's pod printed. */
  static final class TaskTimes {
    final String run;
    final String step;
    final String task;
    Long containerMicros;
    Long jvmMillis;
    Long methodMicros;
    Long attemptStartMillis;
    Integer fetchMs;
    Integer fetchedKb;

    TaskTimes(String run, String step, String task) {
      this.run = run;
      this.step = step;
      this.task = task;
    }

    /** Container script start to method start, ms (to the attempt's start when no method time). */
    Double toMethodMs() {
      if (containerMicros == null) {
        return null;
      }
      if (methodMicros != null) {
        return (methodMicros - containerMicros) / 1000.0;
      }
      return attemptStartMillis == null ? null : attemptStartMillis - containerMicros / 1000.0;
    }

    /** Container script start to the task JVM's start: the fetch (and the fetcher's JVM), ms. */
    Double toJvmMs() {
      return containerMicros == null || jvmMillis == null
          ? null
          : jvmMillis - containerMicros / 1000.0;
    }

    /** Task JVM start to method start: JVM start-up, the step command, loading inputs, ms. */
    Double jvmToMethodMs() {
      return jvmMillis == null || methodMicros == null ? null : methodMicros / 1000.0 - jvmMillis;
    }
  }

  /** The tasks in {@code lines} (bin/flowline's output), by {@code run/step/task}. */
  static Map<String, TaskTimes> parse(List<String> lines) {
    var tasks = new TreeMap<String, TaskTimes>();
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String key = m.group(1) + "/" + m.group(2) + "/" + m.group(3);
      String text = m.group(4);
      TaskTimes t = tasks.get(key);
      if (text.startsWith(CONTAINER_STARTED)) {
        if (t == null) {
          t = new TaskTimes(m.group(1), m.group(2), m.group(3));
          tasks.put(key, t);
        }
        t.containerMicros = lastNumber(text);
      } else if (t == null) {
        continue;
      } else if (text.startsWith(KubernetesForeachFlow.STARTED)) {
        t.methodMicros = lastNumber(text);
      } else if (text.startsWith(KubernetesForeachFlow.JVM_STARTED)) {
        t.jvmMillis = lastNumber(text);
      } else {
        Matcher f = FETCH.matcher(text);
        if (f.find()) {
          t.fetchedKb = Integer.parseInt(f.group(3));
          t.fetchMs = Integer.parseInt(f.group(4));
        }
      }
    }
    return tasks;
  }

  private static Long lastNumber(String text) {
    String[] words = text.trim().split("\\s+");
    return Long.parseLong(words[words.length - 1]);
  }

  /** Entry point; see the class description. */
  public static void main(String[] args) throws IOException {
    var lines = new ArrayList<String>();
    String flow = null;
    String run = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--flow" -> flow = args[++i];
        case "--run" -> run = args[++i];
        default -> lines.addAll(Files.readAllLines(Path.of(args[i])));
      }
    }
    var tasks = parse(lines);
    if (flow != null && run != null) {
      try (var client = FlowlineClient.fromEnvironment().withNamespace(null)) {
        var r = client.flow(flow).run(run);
        for (var t : tasks.values()) {
          if (t.run.equals(run)) {
            var attempts = r.step(t.step).task(t.task).attempts();
            t.attemptStartMillis =
                attempts.isEmpty() ? null : attempts.get(0).startedAt().toEpochMilli();
          }
        }
      }
    }
    System.out.println(
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(report(tasks)));
  }

  /** Percentiles of each phase, by step. */
  static Map<String, Object> report(Map<String, TaskTimes> tasks) {
    var byStep = new TreeMap<String, List<TaskTimes>>();
    tasks.values().forEach(t -> byStep.computeIfAbsent(t.step, s -> new ArrayList<>()).add(t));
    var report = new LinkedHashMap<String, Object>();
    byStep.forEach(
        (step, list) -> {
          var phases = new LinkedHashMap<String, Object>();
          phases.put(
              "containerToMethodMs", stats(list.stream().map(TaskTimes::toMethodMs).toList()));
          phases.put("containerToJvmMs", stats(list.stream().map(TaskTimes::toJvmMs).toList()));
          phases.put(
              "fetcherReportedMs",
              stats(
                  list.stream()
                      .map(t -> t.fetchMs == null ? null : t.fetchMs.doubleValue())
                      .toList()));
          phases.put("jvmToMethodMs", stats(list.stream().map(TaskTimes::jvmToMethodMs).toList()));
          phases.put(
              "fetchedKb",
              stats(
                  list.stream()
                      .map(t -> t.fetchedKb == null ? null : t.fetchedKb.doubleValue())
                      .toList()));
          report.put(step, phases);
        });
    return report;
  }

  private static Map<String, Object> stats(List<Double> values) {
    return Percentiles.of(values.stream().filter(v -> v != null).toList()).summary();
  }
}
