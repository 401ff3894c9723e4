package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Records the events a kubelet records about a pod (source component {@code kubelet}, host = the
 * node).
 */
final class KubeletEvents {

  private final KubernetesClient client;

  KubeletEvents(KubernetesClient client) {
    this.client = client;
  }

  /** A Normal event; {@code container} may be null for events about the whole pod. */
  void normal(Pod pod, String container, String reason, String message) {
    record(pod, container, "Normal", reason, message);
  }

  /** A Warning event; {@code container} may be null for events about the whole pod. */
  void warning(Pod pod, String container, String reason, String message) {
    record(pod, container, "Warning", reason, message);
  }

  private void record(Pod pod, String container, String type, String reason, String message) {
    var now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var node = pod.getSpec().getNodeName();
    var meta = pod.getMetadata();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                meta.getName()
                    + "."
                    + Long.toHexString(System.nanoTime() ^ ThreadLocalRandom.current().nextLong())
                        .toLowerCase(Locale.ROOT))
            .withNamespace(meta.getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(meta.getName())
            .withNamespace(meta.getNamespace())
            .withUid(meta.getUid())
            .withResourceVersion(meta.getResourceVersion())
            .withFieldPath(container == null ? null : fieldPath(pod, container))
            .endInvolvedObject()
            .withReason(reason)
            .withMessage(message)
            .withType(type)
            .withNewSource()
            .withComponent("kubelet")
            .withHost(node)
            .endSource()
            .withReportingComponent("kubelet")
            .withReportingInstance(node)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // a namespace being deleted refuses new events; the pod goes with it
      if (e.getCode() != 403 && e.getCode() != 404) {
        throw e;
      }
    }
  }

  private static String fieldPath(Pod pod, String container) {
    boolean init =
        pod.getSpec().getInitContainers().stream().anyMatch(c -> c.getName().equals(container));
    return (init ? "spec.initContainers{" : "spec.containers{") + container + "}";
  }
}
