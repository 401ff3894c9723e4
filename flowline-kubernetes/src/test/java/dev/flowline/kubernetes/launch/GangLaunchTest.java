package dev.flowline.kubernetes.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.GangNode;
import dev.flowline.kubernetes.render.GangResources;
import dev.flowline.runtime.AttemptListener;
import dev.flowline.runtime.AttemptOutcome;
import dev.flowline.runtime.GangEnvironment;
import dev.flowline.runtime.TaskAttempt;
import dev.flowline.runtime.TaskSpec;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How a gang attempt's nodes are gathered as the runtime hands them over, and which node each
 * update of the run's watch concerns: the control Job's pod is node 0, a worker pod is node {@code
 * 1 +} its completion index, a Job's change concerns every node of that Job.
 */
class GangLaunchTest {
  private static final AttemptListener QUIET =
      new AttemptListener() {
        @Override
        public void started() {}

        @Override
        public void line(boolean stderr, String text) {}

        @Override
        public void finished(AttemptOutcome outcome) {}
      };

  private static TaskAttempt node(int index, int attempt) {
    var spec =
        new TaskSpec(
            "com.example.F",
            "7",
            "train",
            Integer.toString(2 + index),
            attempt,
            List.of("7/start/1"),
            Optional.of(index),
            List.of(),
            List.of(),
            Optional.empty(),
            Optional.empty());
    var env = GangEnvironment.of(new GangNode(3, index, "g-control-0-0.g", 29500, "2"));
    return new TaskAttempt(spec, null, Optional.empty(), env, Optional.empty());
  }

  private static GangLaunch submitted() {
    Map<String, GangLaunch> open = new HashMap<>();
    GangLaunch gang = null;
    for (int i = 0; i < 3; i++) {
      gang = GangLaunch.forAttempt(node(i, 0), open);
      gang.arrive(node(i, 0), QUIET);
    }
    var jobSet = new GenericKubernetesResource();
    jobSet.setMetadata(new ObjectMetaBuilder().withName("g").withNamespace("ns").build());
    Map<String, Object> container = Map.of("name", "train", "image", "img");
    Map<String, Object> template =
        Map.of(
            "metadata",
            Map.of("labels", Map.of("a", "b")),
            "spec",
            Map.of("template", Map.of("spec", Map.of("containers", List.of(container)))));
    jobSet.setAdditionalProperty(
        "spec",
        Map.of(
            "replicatedJobs",
            List.of(
                Map.of("name", "control", "template", template),
                Map.of("name", "worker", "template", template))));
    gang.resources =
        new GangResources(
            jobSet,
            new ServiceBuilder().withNewMetadata().withName("g").endMetadata().build(),
            "g-control-0-0.g",
            29500);
    var nodes = new Tracked[3];
    for (int i = 0; i < 3; i++) {
      nodes[i] =
          new Tracked(
              gang.arrived().get(i).attempt(),
              QUIET,
              gang.job(i == 0 ? "control" : "worker"),
              null);
      nodes[i].gang = gang;
      nodes[i].nodeIndex = i;
    }
    gang.nodes = nodes;
    return gang;
  }

  private static Pod pod(String name, String job, String completionIndex) {
    var labels = new HashMap<String, String>();
    labels.put(RunWatch.JOB_NAME_LABEL, job);
    if (completionIndex != null) {
      labels.put(GangLaunch.COMPLETION_INDEX, completionIndex);
    }
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  @Test
  void theGangIsCompleteWhenEveryNodeOfTheSameAttemptArrivedInAnyOrder() {
    Map<String, GangLaunch> open = new HashMap<>();
    var gang = GangLaunch.forAttempt(node(2, 0), open);
    assertThat(gang.arrive(node(2, 0), QUIET)).isFalse();
    assertThat(GangLaunch.forAttempt(node(1, 1), open)).as("another attempt").isNotSameAs(gang);
    assertThat(GangLaunch.forAttempt(node(0, 0), open)).isSameAs(gang);
    assertThat(gang.arrive(node(0, 0), QUIET)).isFalse();
    assertThat(gang.arrive(node(1, 0), QUIET)).isTrue();
    assertThat(gang.arrived())
        .extracting(n -> n.attempt().spec().taskId())
        .containsExactly("2", "3", "4");
  }

  @Test
  void anAttemptWithoutTheGangsVariablesIsRefusedNamingTheVariable() {
    var plain = node(0, 0);
    var bare = new TaskAttempt(plain.spec(), null, Optional.empty(), Map.of(), Optional.empty());
    assertThatThrownBy(() -> GangLaunch.forAttempt(bare, new HashMap<>()))
        .hasMessageContaining("MF_PARALLEL_NUM_NODES");
  }

  @Test
  void eachUpdateReachesTheNodesItConcerns() {
    var gang = submitted();
    assertThat(gang.controlJob()).isEqualTo("g-control-0");
    assertThat(gang.workerJob()).isEqualTo("g-worker-0");
    var nodes = gang.nodes;

    var control = pod("g-control-0-0-abcde", "g-control-0", "0");
    assertThat(gang.concerned(new RunWatch.Update("g-control-0", null, control, null, false)))
        .containsExactly(nodes[0]);
    var second = pod("g-worker-0-1-fghij", "g-worker-0", "1");
    assertThat(gang.concerned(new RunWatch.Update("g-worker-0", null, second, null, false)))
        .containsExactly(nodes[2]);
    var unindexed = pod("g-worker-0-x", "g-worker-0", null);
    assertThat(gang.concerned(new RunWatch.Update("g-worker-0", null, unindexed, null, false)))
        .isEmpty();

    var podEvent =
        new EventBuilder()
            .withNewMetadata()
            .withName("e1")
            .withUid("u1")
            .endMetadata()
            .withNewInvolvedObject()
            .withKind("Pod")
            .withName("g-worker-0-1-fghij")
            .endInvolvedObject()
            .build();
    assertThat(gang.concerned(new RunWatch.Update("g-worker-0", null, null, podEvent, false)))
        .containsExactly(nodes[2]);
    var jobEvent =
        new EventBuilder(podEvent)
            .editInvolvedObject()
            .withKind("Job")
            .withName("g-worker-0")
            .endInvolvedObject()
            .build();
    assertThat(gang.concerned(new RunWatch.Update("g-worker-0", null, null, jobEvent, false)))
        .containsExactly(nodes[1], nodes[2]);
    var workerJob = new JobBuilder().withNewMetadata().withName("g-worker-0").endMetadata().build();
    assertThat(gang.concerned(new RunWatch.Update("g-worker-0", workerJob, null, null, true)))
        .containsExactly(nodes[1], nodes[2]);
    assertThat(gang.concerned(new RunWatch.Update("g-control-0", workerJob, null, null, false)))
        .containsExactly(nodes[0]);
  }

  @Test
  void aNodesJobCarriesTheRenderedTemplateUntilTheWatchShowsTheRealOne() {
    var gang = submitted();
    var job = gang.nodes[1].job;
    assertThat(job.getMetadata().getName()).isEqualTo("g-worker-0");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("ns");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getName())
        .isEqualTo("train");
    assertThat(gang.stoppedReason()).isEqualTo("stopped");
    gang.failedNode = 2;
    assertThat(gang.stoppedReason()).isEqualTo("stopped: node 2 of its gang of 3 failed");
  }
}
