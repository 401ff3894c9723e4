package dev.flowline.bench.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.kubernetes.launch.KubernetesClients;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The baseline of the launch benchmark: one task as Metaflow's {@code kubernetes step} process runs
 * it, one OS process per task. It creates the task's Job, reads the Job and its pods once (as
 * Metaflow's {@code RunningJob} does on creation), then every second reads the Job ({@code GET})
 * and lists its pods by the {@code job-name} label (Metaflow's {@code is_done}: {@code
 * read_namespaced_job} plus {@code list_namespaced_pod}) until the pod's container ended or the Job
 * finished. It prints one JSON line: when the Job was created and when the end was seen (epoch
 * microseconds), its requests by kind, its own CPU time and peak RSS.
 *
 * <p>This is a lower bound of Metaflow's cost per task: Metaflow polls every 0.5 s at first, its
 * wait loop reads the status two or three times per round, and it tails the task's logs from the
 * datastore besides.
 *
 * <pre>java -cp ... dev.flowline.bench.kubernetes.PollingTaskMain JOB_JSON_FILE</pre>
 *
 * (the client is configured from {@code KUBECONFIG} as the launcher's is)
 */
public final class PollingTaskMain {
  private PollingTaskMain() {}

  /** Entry point; see the class description. */
  public static void main(String[] args) throws Exception {
    Job job = Serialization.unmarshal(Files.readString(Path.of(args[0])), Job.class);
    String ns = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName();
    var result = new LinkedHashMap<String, Object>();
    result.put("job", name);
    try (KubernetesClient client = KubernetesClients.connect(System.getenv())) {
      client.batch().v1().jobs().inNamespace(ns).resource(job).create();
      result.put("createdAtMicros", micros(Instant.now()));
      Job current = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
      List<Pod> pods = pods(client, ns, name);
      int polls = 0;
      while (!done(current, pods)) {
        Thread.sleep(1000);
        current = client.batch().v1().jobs().inNamespace(ns).withName(name).get();
        pods = pods(client, ns, name);
        polls++;
      }
      result.put("endSeenAtMicros", micros(Instant.now()));
      result.put("polls", polls);
      result.put(
          "succeeded",
          current.getStatus() != null
                  && current.getStatus().getSucceeded() != null
                  && current.getStatus().getSucceeded() > 0
              || pods.stream().anyMatch(p -> "Succeeded".equals(p.getStatus().getPhase())));
    }
    result.put("requests", ApiRequests.global().snapshot());
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    result.put("cpuMs", os.getProcessCpuTime() / 1_000_000);
    result.put("peakRssKb", ProcessStats.statusKb("self", "VmHWM"));
    System.out.println(new ObjectMapper().writeValueAsString(result));
  }

  private static List<Pod> pods(KubernetesClient client, String ns, String job) {
    return client.pods().inNamespace(ns).withLabel("job-name", job).list().getItems();
  }

  /**
   * Metaflow's {@code is_done}: the Job succeeded or failed, or every container of the pod ended.
   */
  static boolean done(Job job, List<Pod> pods) {
    var status = job == null ? null : job.getStatus();
    if (status != null
        && ((status.getSucceeded() != null && status.getSucceeded() > 0)
            || (status.getFailed() != null && status.getFailed() > 0))) {
      return true;
    }
    if (job != null
        && job.getSpec().getParallelism() != null
        && job.getSpec().getParallelism() == 0) {
      return true;
    }
    if (pods.isEmpty()) {
      return false;
    }
    var statuses =
        pods.get(0).getStatus() == null ? null : pods.get(0).getStatus().getContainerStatuses();
    return statuses != null
        && !statuses.isEmpty()
        && statuses.stream()
            .allMatch(
                s ->
                    s.getState() != null
                        && s.getState().getTerminated() != null
                        && s.getState().getTerminated().getFinishedAt() != null);
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }
}
