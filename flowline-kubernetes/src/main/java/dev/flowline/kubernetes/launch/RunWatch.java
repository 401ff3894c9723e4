package dev.flowline.kubernetes.launch;

import dev.flowline.kubernetes.render.LabelValues;
import dev.flowline.kubernetes.render.MetadataFeature;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One run's Jobs and pods in one namespace, followed through informers (a list, then a watch from
 * its resource version; fabric8 lists again after {@code 410 Gone} and resumes a dropped watch), by
 * the run's labels, plus the namespace's events (the scheduler's, the kubelet's and the Job
 * controller's messages about them). Every change reaches the consumer as an {@link Update} naming
 * the task's Job; a relist repeats objects, so the consumer applies updates idempotently. The
 * informers keep stubs only ({@link SlimStore}): an object deleted while the watch was down comes
 * as its stub (name and labels, no status).
 */
final class RunWatch implements AutoCloseable {
  /** The label the Job controller puts on its pods. */
  static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

  /** The older label with the same value. */
  static final String LEGACY_JOB_NAME_LABEL = "job-name";

  /**
   * One change.
   *
   * @param jobName the task's Job
   * @param job the Job, when this is a Job change
   * @param pod the pod, when this is a pod change
   * @param event the event, when this is an event about the Job or its pod
   * @param deleted whether the Job or pod was deleted
   */
  record Update(String jobName, Job job, Pod pod, Event event, boolean deleted) {}

  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final Map<String, String> jobOfPod = new ConcurrentHashMap<>();

  private RunWatch() {}

  /** Starts following run {@code runId} of flow {@code flow} in {@code namespace}. */
  static RunWatch start(
      KubernetesClient client,
      String namespace,
      String flow,
      String runId,
      Consumer<Update> consumer) {
    var watch = new RunWatch();
    Map<String, String> labels =
        Map.of(
            MetadataFeature.FLOW, LabelValues.safe(flow),
            MetadataFeature.RUN, LabelValues.safe(runId));
    watch.run(
        client.batch().v1().jobs().inNamespace(namespace).withLabels(labels).runnableInformer(0),
        SlimStore.jobs(),
        (job, deleted) ->
            consumer.accept(new Update(job.getMetadata().getName(), job, null, null, deleted)));
    watch.run(
        client.pods().inNamespace(namespace).withLabels(labels).runnableInformer(0),
        SlimStore.pods(),
        (pod, deleted) -> {
          String job = jobName(pod);
          if (job != null) {
            if (deleted) {
              watch.jobOfPod.remove(pod.getMetadata().getName());
            } else {
              watch.jobOfPod.put(pod.getMetadata().getName(), job);
            }
            consumer.accept(new Update(job, null, pod, null, deleted));
          }
        });
    watch.run(
        client.v1().events().inNamespace(namespace).runnableInformer(0),
        SlimStore.events(),
        (event, deleted) -> {
          if (deleted || event.getInvolvedObject() == null) {
            return;
          }
          var involved = event.getInvolvedObject();
          String job =
              "Job".equals(involved.getKind())
                  ? involved.getName()
                  : watch.jobOfPod.get(String.valueOf(involved.getName()));
          if (job != null) {
            consumer.accept(new Update(job, null, null, event, false));
          }
        });
    return watch;
  }

  /** Starts {@code informer} with a store of stubs, passing its changes to {@code onChange}. */
  private <T extends HasMetadata> void run(
      SharedIndexInformer<T> informer,
      SlimStore<T> store,
      java.util.function.BiConsumer<T, Boolean> onChange) {
    informer.itemStore(store);
    informer.addEventHandler(handler(onChange));
    informers.add(informer);
    informer.run();
  }

  /** The Job that owns {@code pod}, from the Job controller's labels; null when none. */
  static String jobName(Pod pod) {
    var labels = pod.getMetadata().getLabels();
    if (labels == null) {
      return null;
    }
    String job = labels.get(JOB_NAME_LABEL);
    return job != null ? job : labels.get(LEGACY_JOB_NAME_LABEL);
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(
      java.util.function.BiConsumer<T, Boolean> onChange) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        onChange.accept(obj, false);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        onChange.accept(newObj, false);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        onChange.accept(obj, true);
      }
    };
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
