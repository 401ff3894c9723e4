package dev.flowline.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.kubernetes.render.GangResources;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.kubernetes.render.TaskContext;
import dev.flowline.runtime.TaskSpec;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rendered gang on the test cluster with the real JobSet v0.12.0 controller and its webhooks: the
 * JobSet and the Service are accepted as rendered, the controller makes a control Job of 1 pod and
 * an Indexed worker Job of n-1 pods, the pods get the host names and subdomain that {@code
 * MF_MASTER_ADDR} names (so the address the nodes are given is the control pod's), our Service is
 * the subdomain's (the controller makes no other), and a node that fails fails the JobSet ({@code
 * failurePolicy.maxRestarts: 0}). The pods run a busybox image without Java here, so each fails at
 * once: running the step itself needs the launcher and per-pod networking.
 */
class JobSetOnClusterTest {
  @RegisterExtension
  static final TestClusterExtension CLUSTER = new TestClusterExtension(List.of("jobset"));

  private static final ResourceDefinitionContext JOBSETS =
      new ResourceDefinitionContext.Builder()
          .withGroup("jobset.x-k8s.io")
          .withVersion("v1alpha2")
          .withPlural("jobsets")
          .withKind("JobSet")
          .withNamespaced(true)
          .build();

  @TempDir Path tmp;

  @Test
  void theControllerAcceptsTheGangAndGivesItsPodsTheRenderedHostNames(TestNamespace ns)
      throws Exception {
    var f =
        Fixtures.in(tmp)
            .env("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "busybox:1.36")
            .env("METAFLOW_KUBERNETES_NAMESPACE", ns.name())
            .kubernetes();
    var base = f.context();
    var t = base.task();
    var control =
        new TaskContext(
            base.settings(),
            new TaskSpec(
                t.flowClass(),
                t.runId(),
                t.stepName(),
                t.taskId(),
                t.attempt(),
                t.inputPaths(),
                Optional.of(0),
                t.tags()),
            base.user(),
            base.codeUrl());
    GangResources gang = new JobSetRenderer().render(control, 4);
    String name = gang.jobSet().getMetadata().getName();
    var client = ns.client();

    Map<String, Job> jobs = new ConcurrentHashMap<>();
    Map<String, Pod> pods = new ConcurrentHashMap<>();
    var fourPods = new CountDownLatch(4);
    try (var jobInformer =
            client
                .batch()
                .v1()
                .jobs()
                .inNamespace(ns.name())
                .inform(added(j -> jobs.put(j.getMetadata().getName(), j)));
        var podInformer =
            client
                .pods()
                .inNamespace(ns.name())
                .inform(
                    added(
                        p -> {
                          if (pods.put(p.getMetadata().getName(), p) == null) {
                            fourPods.countDown();
                          }
                        }))) {
      client.services().inNamespace(ns.name()).resource(gang.service()).create();
      client
          .genericKubernetesResources(JOBSETS)
          .inNamespace(ns.name())
          .resource(gang.jobSet())
          .create();

      assertThat(fourPods.await(120, TimeUnit.SECONDS)).as("4 pods created").isTrue();
      var failed =
          client
              .genericKubernetesResources(JOBSETS)
              .inNamespace(ns.name())
              .withName(name)
              .waitUntilCondition(js -> condition(js, "Failed"), 120, TimeUnit.SECONDS);
      assertThat(condition(failed, "Failed")).isTrue();
    }

    assertThat(jobs).containsOnlyKeys(name + "-control-0", name + "-worker-0");
    assertThat(jobs.get(name + "-control-0").getSpec().getCompletions()).isEqualTo(1);
    assertThat(jobs.get(name + "-worker-0").getSpec().getCompletions()).isEqualTo(3);
    assertThat(jobs.get(name + "-worker-0").getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(pods.values())
        .extracting(p -> p.getSpec().getHostname() + "." + p.getSpec().getSubdomain())
        .containsExactlyInAnyOrder(
            gang.controlAddress(),
            name + "-worker-0-0." + name,
            name + "-worker-0-1." + name,
            name + "-worker-0-2." + name);
    assertThat(client.services().inNamespace(ns.name()).list().getItems())
        .extracting(s -> s.getMetadata().getName())
        .containsExactly(name);
  }

  private static <T> ResourceEventHandler<T> added(java.util.function.Consumer<T> onAdd) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        onAdd.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {}

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
    };
  }

  @SuppressWarnings("unchecked")
  private static boolean condition(GenericKubernetesResource js, String type) {
    if (js == null || !(js.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return false;
    }
    var conditions = (List<Map<String, Object>>) status.get("conditions");
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> type.equals(c.get("type")) && "True".equals(c.get("status")));
  }
}
