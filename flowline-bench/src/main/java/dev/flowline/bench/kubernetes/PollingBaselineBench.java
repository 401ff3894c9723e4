package dev.flowline.bench.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flowline.bench.KubernetesForeachFlow;
import dev.flowline.config.OptionCatalog;
import dev.flowline.config.Settings;
import dev.flowline.kubernetes.KubernetesPreflight;
import dev.flowline.kubernetes.render.JobRenderer;
import dev.flowline.kubernetes.render.TaskContext;
import dev.flowline.runtime.TaskSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline of {@link KubernetesLaunchBench}, measured the same way: Metaflow's design, one OS
 * process per task ({@link PollingTaskMain}: create the Job, poll the API every second until the
 * pod ended), at most {@code --max-workers} at once, for the same Jobs (rendered here by the
 * launcher's {@link JobRenderer}, so the children only create and poll; a real Metaflow task
 * process also starts its framework and renders its Job, which this leaves out).
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp ... dev.flowline.bench.kubernetes.PollingBaselineBench \
 *     --kubeconfig FILE --out DIR [--namespace NS] [--tasks 1000] [--max-workers 100] \
 *     [--child-jvm-opts "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"] (and the image and request options
 *     of KubernetesLaunchBench)
 * </pre>
 *
 * <p>Reports: the time from a task being ready (its process is started) to its Job existing (the
 * child's create returned), the API requests per task (each child counts its own), CPU per task
 * (each child's own CPU time, as it reports it just before exiting, plus this driver's), the peak
 * RSS of one child and the peak sum of the children's RSS (sampled every 100 ms). Run it under
 * {@code /usr/bin/time -v}: its CPU figure includes every child (the JVM waits for them).
 */
public final class PollingBaselineBench {
  private PollingBaselineBench() {}

  /** Entry point; see the class description. */
  public static void main(String[] args) throws Exception {
    var options = BenchOptions.parse(args, List.of("kubeconfig", "out"));
    String childOpts =
        Optional.ofNullable(options.get("child-jvm-opts"))
            .orElse("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    Path out = options.out();
    Files.createDirectories(out.resolve("jobs"));
    var env = options.env();
    var config = options.config(env);
    var model = BenchOptions.model();
    int tasks = options.integer("tasks");
    int maxWorkers = options.integer("max-workers");
    String runId = Long.toString(System.currentTimeMillis());
    KubernetesLaunchBench.ensureNamespace(env.get("KUBECONFIG"), options.get("namespace"));

    var settings =
        Settings.resolve(config, OptionCatalog.load(PollingBaselineBench.class.getClassLoader()));
    var step =
        new KubernetesPreflight(settings)
            .resolve(model, KubernetesPreflight.kubernetesSteps(model))
            .get("work");
    var renderer = new JobRenderer();
    for (int i = 0; i < tasks; i++) {
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
      var job = renderer.render(new TaskContext(step, spec, Optional.of("bench")));
      Files.writeString(out.resolve("jobs").resolve(i + ".json"), Serialization.asJson(job));
    }
    Path argFile = out.resolve("child.args");
    Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path") + "\"\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    var results = new ConcurrentHashMap<Integer, JsonNode>();
    var readyMicros = new long[tasks];
    var live = ConcurrentHashMap.<Long>newKeySet();
    var peakSumKb = new AtomicLong();
    var peakLive = new AtomicLong();
    var sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(
        () -> {
          long sum = 0;
          for (long pid : live) {
            sum += Math.max(0, ProcessStats.statusKb(Long.toString(pid), "VmRSS"));
          }
          peakSumKb.accumulateAndGet(sum, Math::max);
          peakLive.accumulateAndGet(live.size(), Math::max);
        },
        100,
        100,
        TimeUnit.MILLISECONDS);

    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var json = new ObjectMapper();
    var permits = new Semaphore(maxWorkers);
    var done = new CountDownLatch(tasks);
    long runStart = System.nanoTime();
    for (int i = 0; i < tasks; i++) {
      permits.acquire();
      var command = new ArrayList<String>(List.of(java));
      command.addAll(List.of(childOpts.trim().split("\\s+")));
      command.addAll(
          List.of(
              "@" + argFile,
              PollingTaskMain.class.getName(),
              out.resolve("jobs").resolve(i + ".json").toString()));
      var builder = new ProcessBuilder(command);
      builder.environment().clear();
      builder.environment().putAll(env);
      builder.redirectError(ProcessBuilder.Redirect.appendTo(out.resolve("children.err").toFile()));
      int index = i;
      readyMicros[i] = PollingTaskMain.micros(Instant.now());
      Process p = builder.start();
      live.add(p.pid());
      p.onExit()
          .whenComplete(
              (ended, error) -> {
                try {
                  String line =
                      new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                  if (!line.isEmpty()) {
                    results.put(
                        index, json.readTree(line.lines().reduce((a, b) -> b).orElse(line)));
                  }
                } catch (IOException e) {
                  System.err.println("task " + index + ": " + e);
                } finally {
                  live.remove(p.pid());
                  permits.release();
                  done.countDown();
                }
              });
    }
    boolean allDone = done.await(60, TimeUnit.MINUTES);
    long runEnd = System.nanoTime();
    sampler.shutdownNow();

    var readyToCreated = new ArrayList<Double>();
    var readyToEnd = new ArrayList<Double>();
    var childCpu = new ArrayList<Double>();
    var childRss = new ArrayList<Double>();
    var polls = new ArrayList<Double>();
    Map<String, Long> requests = new TreeMap<>();
    int succeeded = 0;
    for (var e : results.entrySet()) {
      var r = e.getValue();
      long ready = readyMicros[e.getKey()];
      readyToCreated.add((r.path("createdAtMicros").asLong() - ready) / 1000.0);
      readyToEnd.add((r.path("endSeenAtMicros").asLong() - ready) / 1000.0);
      childCpu.add(r.path("cpuMs").asDouble());
      childRss.add(r.path("peakRssKb").asDouble() / 1024);
      polls.add(r.path("polls").asDouble());
      r.path("requests")
          .fields()
          .forEachRemaining(f -> requests.merge(f.getKey(), f.getValue().asLong(), Long::sum));
      if (r.path("succeeded").asBoolean()) {
        succeeded++;
      }
    }
    var report = new LinkedHashMap<String, Object>();
    report.put("options", new TreeMap<>(options.all()));
    report.put("childJvmOpts", childOpts);
    report.put("runId", runId);
    report.put("allFinished", allDone);
    report.put("reported", results.size());
    report.put("succeeded", succeeded);
    report.put("loadAverageAtEnd", os.getSystemLoadAverage());
    double wallS = (runEnd - runStart) / 1e9;
    report.put("wallSecondsFirstLaunchToLastOutcome", KubernetesLaunchBench.round(wallS));
    report.put("tasksPerSecond", KubernetesLaunchBench.round(tasks / wallS));
    var cpu = new LinkedHashMap<String, Object>();
    double childSum = childCpu.stream().mapToDouble(Double::doubleValue).sum();
    cpu.put("childrenSeconds", KubernetesLaunchBench.round(childSum / 1000));
    cpu.put("driverSeconds", KubernetesLaunchBench.round(os.getProcessCpuTime() / 1e9));
    cpu.put("childMsPerTask", Percentiles.of(childCpu).summary());
    cpu.put(
        "msPerTaskChildrenAndDriver",
        KubernetesLaunchBench.round((childSum + os.getProcessCpuTime() / 1e6) / tasks));
    report.put("cpu", cpu);
    var memory = new LinkedHashMap<String, Object>();
    memory.put("childPeakRssMb", Percentiles.of(childRss).summary());
    memory.put("peakSumOfChildrenRssMb", KubernetesLaunchBench.round(peakSumKb.get() / 1024.0));
    memory.put("peakChildrenAlive", peakLive.get());
    memory.put(
        "driverPeakRssMb",
        KubernetesLaunchBench.round(ProcessStats.statusKb("self", "VmHWM") / 1024.0));
    report.put("memory", memory);
    var req = new LinkedHashMap<String, Object>();
    req.put("byKind", requests);
    long total = ApiRequests.total(requests);
    req.put("total", total);
    req.put("perTask", KubernetesLaunchBench.round((double) total / tasks));
    req.put("pollsPerTask", Percentiles.of(polls).summary());
    report.put("requests", req);
    var latency = new LinkedHashMap<String, Object>();
    latency.put("readyToJobCreatedMs", Percentiles.of(readyToCreated).summary());
    latency.put("readyToEndSeenMs", Percentiles.of(readyToEnd).summary());
    report.put("latency", latency);
    var pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    pretty.writeValue(out.resolve("results.json").toFile(), report);
    System.out.println(pretty.writeValueAsString(report));
    System.exit(allDone && succeeded == tasks ? 0 : 1);
  }
}
