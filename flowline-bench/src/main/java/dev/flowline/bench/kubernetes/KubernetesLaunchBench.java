package dev.flowline.bench.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flowline.bench.KubernetesForeachFlow;
import dev.flowline.datastore.Datastores;
import dev.flowline.kubernetes.launch.KubernetesLauncherFactory;
import dev.flowline.runtime.AttemptListener;
import dev.flowline.runtime.AttemptOutcome;
import dev.flowline.runtime.LaunchContext;
import dev.flowline.runtime.RunStore;
import dev.flowline.runtime.TaskAttempt;
import dev.flowline.runtime.TaskSpec;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The scale benchmark of the Kubernetes launcher (issue 9): drives {@code KubernetesTaskLauncher}
 * through its public API, as the run loop does, with {@code --tasks} attempts of {@link
 * KubernetesForeachFlow}'s {@code work} step, at most {@code --max-workers} at once (the run loop's
 * {@code --max-workers}: a new attempt is launched when one finishes). With the benchmark image
 * ({@code flowline-bench/noop:*}, image mode) every container exits 0 at once, so what is measured
 * is the launcher and the cluster, not the tasks.
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp ... dev.flowline.bench.kubernetes.KubernetesLaunchBench \
 *     --kubeconfig FILE --out DIR [--namespace NS] [--tasks 1000] [--max-workers 100] \
 *     [--image flowline-bench/noop:1] [--cpu 0.05] [--memory 64] [--disk 64] [--task-seconds 0] \
 *     [--s3-endpoint http://127.0.0.1:PORT] [--s3-root s3://flowline/bench]
 * </pre>
 *
 * <p>Measures, in this JVM (run it with the options {@code bin/flowline} gives the runtime JVM):
 * process CPU time (all of it, and the part from the first launch to the last outcome) per task,
 * peak RSS ({@code VmHWM}), the API requests of every fabric8 client of this JVM by kind ({@link
 * ApiRequests}, through {@link CountingHttpClientFactory}), and per task the time from {@code
 * launch()} ("ready") to its Job existing (the launcher's "Job ... created" progress, right after
 * the create request returned), split into the wait before the create request was sent and the
 * request itself, to the pod's container running ({@code started()}) and to the outcome. Prints a
 * summary and writes {@code results.json} and {@code tasks.csv} into {@code --out}.
 */
public final class KubernetesLaunchBench {
  private KubernetesLaunchBench() {}

  /** Times of one attempt, in {@link System#nanoTime}. */
  static final class TaskTimes {
    final int index;
    volatile long ready;
    volatile long created;
    volatile long started;
    volatile long finished;
    volatile String job;
    volatile AttemptOutcome outcome;
    volatile int lines;

    TaskTimes(int index) {
      this.index = index;
    }
  }

  /** Entry point; see the class description. */
  public static void main(String[] args) throws Exception {
    var options = BenchOptions.parse(args, List.of("kubeconfig", "out"));
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Files.createDirectories(options.out());
    var env = options.env();
    var config = options.config(env);
    var model = BenchOptions.model();
    int tasks = options.integer("tasks");
    int maxWorkers = options.integer("max-workers");
    String runId = Long.toString(System.currentTimeMillis());
    ensureNamespace(env.get("KUBECONFIG"), options.get("namespace"));

    long cpuBeforeSetup = os.getProcessCpuTime();
    var requestsBefore = ApiRequests.global().snapshot();
    long setupStart = System.nanoTime();
    var store = new RunStore(Datastores.open(null, config), model.name());
    var context =
        new LaunchContext(
            model,
            store,
            env,
            options.out(),
            KubernetesForeachFlow.class.getClassLoader(),
            List.of(),
            config,
            "bench");
    var launcher = new KubernetesLauncherFactory().create(context);
    long setupEnd = System.nanoTime();
    var requestsAfterSetup = ApiRequests.global().snapshot();

    var step = model.step("work");
    var permits = new Semaphore(maxWorkers);
    var done = new CountDownLatch(tasks);
    var times = new TaskTimes[tasks];
    long cpuRunStart = os.getProcessCpuTime();
    long runStart = System.nanoTime();
    for (int i = 0; i < tasks; i++) {
      permits.acquire();
      var t = times[i] = new TaskTimes(i);
      var spec =
          new TaskSpec(
              KubernetesForeachFlow.class.getName(),
              runId,
              "work",
              Integer.toString(i + 2),
              0,
              List.of(runId + "/start/1"),
              Optional.of(i),
              List.of());
      var attempt = new TaskAttempt(spec, step, Optional.empty(), Map.of(), Optional.empty());
      t.ready = System.nanoTime();
      launcher.launch(attempt, listener(t, permits, done));
    }
    boolean allDone = done.await(60, TimeUnit.MINUTES);
    long runEnd = System.nanoTime();
    long cpuRunEnd = os.getProcessCpuTime();
    var requestsAfterRun = ApiRequests.global().snapshot();
    long hwmKb = ProcessStats.statusKb("self", "VmHWM");
    var threads = threadCpu();
    var heapAtEnd = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long cpuBeforeGc = os.getProcessCpuTime();
    System.gc(); // what the informers' caches and the launcher hold: live heap with every task done
    long gcCpu = os.getProcessCpuTime() - cpuBeforeGc;
    var heapLive = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    Files.writeString(options.out().resolve("heap-histogram.txt"), classHistogram());
    launcher.close();
    long cpuEnd = os.getProcessCpuTime() - gcCpu;

    var report = new LinkedHashMap<String, Object>();
    report.put("options", new TreeMap<>(options.all()));
    report.put("runId", runId);
    report.put("allFinished", allDone);
    report.put("loadAverageAtEnd", os.getSystemLoadAverage());
    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (var t : times) {
      String kind = t == null || t.outcome == null ? "none" : t.outcome.getClass().getSimpleName();
      outcomes.merge(kind, 1, Integer::sum);
      if (t != null && t.outcome != null && !t.outcome.succeeded() && failures.size() < 5) {
        failures.add("task " + t.index + ": " + t.outcome.describe());
      }
    }
    report.put("outcomes", outcomes);
    report.put("firstFailures", failures);
    double wallS = (runEnd - runStart) / 1e9;
    report.put("wallSecondsFirstLaunchToLastOutcome", round(wallS));
    report.put("tasksPerSecond", round(tasks / wallS));
    report.put("setupSeconds", round((setupEnd - setupStart) / 1e9));
    report.put("peakThreads", ManagementFactory.getThreadMXBean().getPeakThreadCount());

    var cpu = new LinkedHashMap<String, Object>();
    cpu.put("jvmStartAndSetupSeconds", round(cpuRunStart / 1e9));
    cpu.put("setupOnlySeconds", round((cpuRunStart - cpuBeforeSetup) / 1e9));
    cpu.put("runSeconds", round((cpuRunEnd - cpuRunStart) / 1e9));
    cpu.put("totalSeconds", round(cpuEnd / 1e9)); // without the benchmark's own full GC
    cpu.put("runMsPerTask", round((cpuRunEnd - cpuRunStart) / 1e6 / tasks));
    cpu.put("totalMsPerTask", round(cpuEnd / 1e6 / tasks));
    cpu.put("threadsSecondsAtEnd", threads);
    report.put("cpu", cpu);

    var memory = new LinkedHashMap<String, Object>();
    memory.put("peakRssMb", round(hwmKb / 1024.0));
    memory.put("heapCommittedMb", round(heapAtEnd.getCommitted() / 1048576.0));
    memory.put("heapUsedMb", round(heapAtEnd.getUsed() / 1048576.0));
    memory.put("liveHeapAfterFullGcMb", round(heapLive.getUsed() / 1048576.0));
    memory.put("maxHeapMb", round(heapAtEnd.getMax() / 1048576.0));
    report.put("memory", memory);

    var setupRequests = ApiRequests.difference(requestsAfterSetup, requestsBefore);
    var runRequests = ApiRequests.difference(requestsAfterRun, requestsAfterSetup);
    var requests = new LinkedHashMap<String, Object>();
    requests.put("setup", setupRequests);
    requests.put("run", runRequests);
    long total = ApiRequests.total(setupRequests) + ApiRequests.total(runRequests);
    requests.put("total", total);
    requests.put("perTask", round((double) total / tasks));
    requests.put("perTaskWithoutSetup", round((double) ApiRequests.total(runRequests) / tasks));
    report.put("requests", requests);

    var readyToCreated = new ArrayList<Double>();
    var queued = new ArrayList<Double>();
    var createCall = new ArrayList<Double>();
    var readyToRunning = new ArrayList<Double>();
    var readyToOutcome = new ArrayList<Double>();
    for (var t : times) {
      if (t == null) {
        continue;
      }
      readyToCreated.add(ms(t.ready, t.created));
      readyToRunning.add(ms(t.ready, t.started));
      readyToOutcome.add(ms(t.ready, t.finished));
      Long sent = t.job == null ? null : ApiRequests.global().createSent(t.job);
      if (sent != null) {
        queued.add(ms(t.ready, sent));
        createCall.add(ms(sent, t.created));
      }
    }
    var latency = new LinkedHashMap<String, Object>();
    latency.put("readyToJobCreatedMs", Percentiles.of(readyToCreated).summary());
    latency.put("readyToCreateRequestSentMs", Percentiles.of(queued).summary());
    latency.put("createRequestMs", Percentiles.of(createCall).summary());
    latency.put("readyToContainerRunningMs", Percentiles.of(readyToRunning).summary());
    latency.put("readyToOutcomeMs", Percentiles.of(readyToOutcome).summary());
    report.put("latency", latency);

    var json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    json.writeValue(options.out().resolve("results.json").toFile(), report);
    writeCsv(options, times, runStart);
    System.out.println(json.writeValueAsString(report));
    System.out.flush();
    System.exit(allDone && outcomes.keySet().equals(java.util.Set.of("Succeeded")) ? 0 : 1);
  }

  private static AttemptListener listener(TaskTimes t, Semaphore permits, CountDownLatch done) {
    return new AttemptListener() {
      @Override
      public void started() {
        if (t.started == 0) {
          t.started = System.nanoTime();
        }
      }

      @Override
      public void line(boolean stderr, String line) {
        t.lines++;
      }

      @Override
      public void progress(String message) {
        if (t.created == 0 && message.startsWith("Job ") && message.contains(" created")) {
          t.created = System.nanoTime();
          String qualified = message.substring(4, message.indexOf(' ', 4));
          t.job = qualified.substring(qualified.indexOf('/') + 1);
        }
      }

      @Override
      public void finished(AttemptOutcome outcome) {
        t.finished = System.nanoTime();
        t.outcome = outcome;
        permits.release();
        done.countDown();
      }
    };
  }

  /** Creates {@code namespace} when missing, with a client of its own (before the counting). */
  static void ensureNamespace(String kubeconfig, String namespace) throws IOException {
    var config =
        io.fabric8.kubernetes.client.Config.fromKubeconfig(
            Files.readString(java.nio.file.Path.of(kubeconfig)));
    try (var client = new KubernetesClientBuilder().withConfig(config).build()) {
      if (client.namespaces().withName(namespace).get() == null) {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .create();
      }
    }
  }

  /** {@code jcmd PID GC.class_histogram} of this JVM: what the live heap holds, by class. */
  static String classHistogram() {
    try {
      return (String)
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "gcClassHistogram",
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()});
    } catch (javax.management.JMException e) {
      return "no class histogram: " + e;
    }
  }

  /** CPU seconds of the live threads, by name with numbers as N. */
  static Map<String, Double> threadCpu() {
    var mx = ManagementFactory.getThreadMXBean();
    var byName = new TreeMap<String, Double>();
    for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long nanos = mx.getThreadCpuTime(info.getThreadId());
      if (nanos > 0) {
        String name = info.getThreadName().replaceAll("\\d+", "N");
        byName.merge(name, nanos / 1e9, Double::sum);
      }
    }
    byName.replaceAll((k, v) -> round(v));
    byName.values().removeIf(v -> v < 0.01);
    return byName;
  }

  private static void writeCsv(BenchOptions options, TaskTimes[] times, long origin)
      throws IOException {
    var csv =
        new StringBuilder(
            "task,job,ready_ms,create_sent_ms,created_ms,running_ms,outcome_ms,outcome\n");
    for (var t : times) {
      if (t == null) {
        continue;
      }
      Long sent = t.job == null ? null : ApiRequests.global().createSent(t.job);
      csv.append(t.index)
          .append(',')
          .append(t.job)
          .append(',')
          .append(ms(origin, t.ready))
          .append(',')
          .append(sent == null ? "" : ms(origin, sent))
          .append(',')
          .append(ms(origin, t.created))
          .append(',')
          .append(ms(origin, t.started))
          .append(',')
          .append(ms(origin, t.finished))
          .append(',')
          .append(t.outcome == null ? "" : t.outcome.getClass().getSimpleName())
          .append('\n');
    }
    Files.writeString(options.out().resolve("tasks.csv"), csv);
  }

  /**
   * Milliseconds from {@code from} to {@code to} ({@link System#nanoTime}); NaN when {@code to} is
   * unset.
   */
  static double ms(long from, long to) {
    return to == 0 || from == 0 ? Double.NaN : (to - from) / 1e6;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
