package dev.flowline.bench;

import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Parameter;
import dev.flowline.Step;
import dev.flowline.kubernetes.Kubernetes;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The flow of the Kubernetes launch benchmarks ({@code scripts/kubernetes-launch.sh}): {@code
 * start} fans out to {@code --width} (default 100) {@code work} tasks on Kubernetes, a local {@code
 * join} counts them. Each {@code work} task prints the moment its method started ({@value #STARTED}
 * EPOCH_MICROS) and the moment its JVM started ({@value #JVM_STARTED} EPOCH_MILLIS), which the
 * benchmark compares with the moment its container started ({@code PodStartReport}).
 *
 * <p>{@code KubernetesLaunchBench} launches {@code work} attempts of this flow directly (its model,
 * not this code, runs: with the benchmark image no task runs at all); {@code bin/flowline
 * flowline-bench/src/main/java/dev/flowline/bench/KubernetesForeachFlow.java run} runs it for real.
 */
public class KubernetesForeachFlow extends FlowSpec {
  /** What {@code work} prints first, followed by the epoch time in microseconds. */
  public static final String STARTED = "flowline-bench: method started at";

  /** What {@code work} prints second, followed by its JVM's start time in epoch milliseconds. */
  public static final String JVM_STARTED = "flowline-bench: jvm started at";

  @Parameter(help = "number of work tasks (at most --max-num-splits, default 100)")
  int width = 100;

  List<Integer> items;
  int item;
  int tasks;

  @Step
  void start() {
    items = IntStream.range(0, width).boxed().toList();
    foreach("items", this::work);
  }

  @Kubernetes
  @Step
  void work() {
    Instant now = Instant.now();
    System.out.println(STARTED + " " + (now.getEpochSecond() * 1_000_000 + now.getNano() / 1000));
    System.out.println(JVM_STARTED + " " + ManagementFactory.getRuntimeMXBean().getStartTime());
    item = input(Integer.class);
    next(this::join);
  }

  @Step
  void join(Inputs<KubernetesForeachFlow> inputs) {
    tasks = inputs.size();
    next(this::end);
  }

  @Step
  void end() {
    System.out.println(tasks + " work tasks ran on Kubernetes");
  }
}
