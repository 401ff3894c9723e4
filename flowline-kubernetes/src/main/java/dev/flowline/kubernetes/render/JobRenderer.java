package dev.flowline.kubernetes.render;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a task attempt's {@code batch/v1} Job: the step's pod template ({@link #template}, a pure
 * function of the step's resolved settings: {@link #FEATURES} in order) with the task's identity
 * applied last ({@link TaskIdentity}). The Job around the pod gets the pod's labels and
 * annotations, {@code backoffLimit: 0}, {@code completions: 1} and {@code ttlSecondsAfterFinished}.
 *
 * <p>The Job name is {@code <flow>-<step>-<8 hex of flow/run/step/task/attempt>}, lower-cased and
 * cut to at most {@value #MAX_JOB_NAME} characters, so the pod name the Job controller derives
 * ({@code <job>-<5>}) stays within the 63 characters of a host name.
 */
public final class JobRenderer {
  /**
   * Longest Job name: 63 minus the 6 characters ({@code -xxxxx}) the Job controller adds for its
   * pod.
   */
  public static final int MAX_JOB_NAME = 57;

  /** Every pod feature, applied in this order. */
  public static final List<PodFeature> FEATURES =
      List.of(
          new MetadataFeature(),
          new ImageFeature(),
          new ResourcesFeature(),
          new EnvironmentFeature(),
          new CodePackageFeature(),
          new SecretsFeature(),
          new TmpfsFeature(),
          new SharedMemoryFeature(),
          new PersistentVolumeClaimsFeature(),
          new SchedulingFeature(),
          new PortFeature(),
          new SecurityFeature(),
          new LifecycleFeature(),
          new CommandFeature());

  private final List<PodFeature> features;

  /** With {@link #FEATURES}. */
  public JobRenderer() {
    this(FEATURES);
  }

  /** With the given features (tests). */
  public JobRenderer(List<PodFeature> features) {
    this.features = List.copyOf(features);
  }

  /** The Job for one task attempt: the step's template with the task's identity applied. */
  public Job render(TaskContext ctx) {
    StepPod pod = TaskIdentity.of(ctx.task()).applyTo(template(StepContext.of(ctx)));
    var s = ctx.settings();
    ObjectMeta podMeta = pod.pod().getMetadata();
    var spec = new PodSpecBuilder(pod.pod().getSpec()).withContainers(pod.main()).build();
    return new JobBuilder()
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(jobName(ctx))
                .withNamespace(s.namespace())
                .withLabels(podMeta.getLabels())
                .withAnnotations(podMeta.getAnnotations())
                .build())
        .withNewSpec()
        .withBackoffLimit(0)
        .withCompletions(1)
        .withTtlSecondsAfterFinished((int) Math.min(Integer.MAX_VALUE, s.ttlSecondsAfterFinished()))
        .withNewTemplate()
        .withMetadata(
            new ObjectMetaBuilder()
                .withLabels(podMeta.getLabels())
                .withAnnotations(podMeta.getAnnotations())
                .build())
        .withSpec(spec)
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The step's pod template: every feature applied to an empty pod, with the slots of {@link
   * TaskIdentity} where a task's identity goes. The same template serves a Job ({@link #render})
   * and an Argo container template ({@link TaskIdentity#argo()}).
   */
  public StepPod template(StepContext step) {
    StepPod pod =
        new StepPod(
            new PodBuilder()
                .withMetadata(new ObjectMeta())
                .withSpec(new PodSpecBuilder().build())
                .build(),
            new ContainerBuilder().withName(containerName(step.settings().stepName())).build());
    for (PodFeature f : features) {
      pod = f.apply(pod, step);
    }
    return pod;
  }

  /** What the features need beside the pod (none of today's features needs any). */
  public List<HasMetadata> accompanyingResources(StepContext step) {
    List<HasMetadata> out = new ArrayList<>();
    features.forEach(f -> out.addAll(f.accompanyingResources(step)));
    return out;
  }

  /** The Job name of a task attempt. */
  public static String jobName(TaskContext ctx) {
    var t = ctx.task();
    String identity =
        String.join(
            "/",
            ctx.settings().flowName(),
            t.runId(),
            t.stepName(),
            t.taskId(),
            Integer.toString(t.attempt()));
    return LabelValues.dnsName(
        identity, MAX_JOB_NAME, ctx.settings().flowName(), ctx.settings().stepName());
  }

  /** The container name of a step: lower case, '_' and other characters become '-'. */
  public static String containerName(String step) {
    return dev.flowline.kubernetes.ContainerNames.forStep(step);
  }
}
