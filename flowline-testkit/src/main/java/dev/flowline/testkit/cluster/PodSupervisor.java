package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches every pod and runs those bound to the agent's nodes (one {@link PodRun} per pod UID),
 * passes on updates (deletion) and forgets pods removed from the API.
 */
final class PodSupervisor implements ResourceEventHandler<Pod> {

  private final AgentContext ctx;
  private final Set<String> nodes;
  private final Map<String, PodRun> byUid = new ConcurrentHashMap<>();
  private final Map<String, PodRun> byName = new ConcurrentHashMap<>();

  PodSupervisor(AgentContext ctx, Set<String> nodes) {
    this.ctx = ctx;
    this.nodes = nodes;
  }

  /** The run of a pod by "namespace/name", or null. */
  PodRun find(String key) {
    return byName.get(key);
  }

  @Override
  public void onAdd(Pod pod) {
    sync(pod);
  }

  @Override
  public void onUpdate(Pod before, Pod pod) {
    sync(pod);
  }

  @Override
  public void onDelete(Pod pod, boolean unknownFinalState) {
    var run = byUid.remove(pod.getMetadata().getUid());
    if (run != null) {
      byName.remove(key(pod), run);
      run.forget();
    }
  }

  private synchronized void sync(Pod pod) {
    var node = pod.getSpec().getNodeName();
    if (node == null || !nodes.contains(node)) {
      return;
    }
    var uid = pod.getMetadata().getUid();
    var run = byUid.get(uid);
    if (run != null) {
      run.update(pod);
      return;
    }
    var phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return; // finished before this agent started
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      ctx.client()
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .withGracePeriod(0)
          .delete();
      return;
    }
    run = new PodRun(ctx, pod);
    byUid.put(uid, run);
    byName.put(key(pod), run);
    run.start();
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /** Stops every pod (agent shutdown). */
  void stopAll() {
    byUid.values().forEach(run -> run.stop("AgentStopped", 2));
  }
}
