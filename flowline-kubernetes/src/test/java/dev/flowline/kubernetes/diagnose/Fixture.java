package dev.flowline.kubernetes.diagnose;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One recorded situation from {@code src/test/resources/diagnose/NAME.json}: a {@code kubectl get
 * -o json} style List holding the task's pod (if it exists), its Job (if shown) and the events
 * about both, with the messages the kubelet, the scheduler and the Job controller write.
 *
 * @param pod the pod, or null
 * @param job the Job, or null
 * @param podEvents events whose involvedObject is the pod
 * @param jobEvents events whose involvedObject is the Job
 */
record Fixture(Pod pod, Job job, List<Event> podEvents, List<Event> jobEvents) {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  static Fixture load(String name) {
    String path = "/diagnose/" + name + ".json";
    try (InputStream in = Fixture.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      KubernetesList list = JSON.unmarshal(in, KubernetesList.class);
      Pod pod = null;
      Job job = null;
      List<Event> podEvents = new ArrayList<>();
      List<Event> jobEvents = new ArrayList<>();
      for (HasMetadata item : list.getItems()) {
        if (item instanceof Pod p) {
          pod = p;
        } else if (item instanceof Job j) {
          job = j;
        } else if (item instanceof Event e) {
          (e.getInvolvedObject().getKind().equals("Job") ? jobEvents : podEvents).add(e);
        } else {
          throw new IllegalArgumentException(path + ": unexpected " + item.getKind());
        }
      }
      return new Fixture(pod, job, podEvents, jobEvents);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link PodDiagnosis#diagnose} of this situation. */
  java.util.Optional<Stuck> diagnose() {
    return PodDiagnosis.diagnose(pod, podEvents, jobEvents);
  }

  /** {@link PodEnds#classify} of this situation. */
  java.util.Optional<PodEnd> end() {
    return PodEnds.classify(pod, job, podEvents);
  }
}
