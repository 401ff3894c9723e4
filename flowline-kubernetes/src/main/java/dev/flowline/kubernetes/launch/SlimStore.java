package dev.flowline.kubernetes.launch;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An informer's store that keeps a stub of each object (name, namespace, uid, resource version and
 * the Job-name and completion-index labels of pods) instead of the whole object: the launcher keeps
 * the objects it needs per attempt itself, and drops them when the attempt ends, while an informer
 * keeps every object of the run until it is deleted. A 1000-task run held about 130 MB of Jobs,
 * pods and events this way (see docs/benchmarks.md).
 *
 * <p>Handlers still get whole objects for adds, updates and deletes seen by the watch; only a
 * delete found by a relist (an object gone while the watch was down) comes as the stub, which
 * carries what {@link RunWatch} needs to name its Job.
 *
 * @param <T> the kind of object
 */
final class SlimStore<T extends HasMetadata> implements ItemStore<T> {
  private final Map<String, T> stubs = new ConcurrentHashMap<>();
  private final Function<T, T> stub;

  private SlimStore(Function<T, T> stub) {
    this.stub = stub;
  }

  /** A store of Job stubs. */
  static SlimStore<Job> jobs() {
    return new SlimStore<>(job -> new JobBuilder().withMetadata(meta(job, false)).build());
  }

  /** A store of pod stubs (with the labels that name their Job). */
  static SlimStore<Pod> pods() {
    return new SlimStore<>(pod -> new PodBuilder().withMetadata(meta(pod, true)).build());
  }

  /** A store of event stubs. */
  static SlimStore<Event> events() {
    return new SlimStore<>(event -> new EventBuilder().withMetadata(meta(event, false)).build());
  }

  private static ObjectMeta meta(HasMetadata object, boolean jobLabels) {
    var m = object.getMetadata();
    var b =
        new ObjectMetaBuilder()
            .withName(m.getName())
            .withNamespace(m.getNamespace())
            .withUid(m.getUid())
            .withResourceVersion(m.getResourceVersion());
    if (jobLabels && m.getLabels() != null) {
      Map<String, String> labels = new HashMap<>(4);
      for (String key :
          new String[] {
            RunWatch.JOB_NAME_LABEL, RunWatch.LEGACY_JOB_NAME_LABEL, GangLaunch.COMPLETION_INDEX
          }) {
        String value = m.getLabels().get(key);
        if (value != null) {
          labels.put(key, value);
        }
      }
      b.withLabels(labels);
    }
    return b.build();
  }

  @Override
  public String getKey(T obj) {
    return Cache.metaNamespaceKeyFunc(obj);
  }

  @Override
  public T put(String key, T obj) {
    return stubs.put(key, stub.apply(obj));
  }

  @Override
  public T remove(String key) {
    return stubs.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return stubs.keySet().stream();
  }

  @Override
  public Stream<T> values() {
    return stubs.values().stream();
  }

  @Override
  public int size() {
    return stubs.size();
  }

  @Override
  public T get(String key) {
    return stubs.get(key);
  }

  /** Not the whole state: adds are passed on as they come, not from the store after the list. */
  @Override
  public boolean isFullState() {
    return false;
  }
}
