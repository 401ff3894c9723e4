package dev.flowline.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.kubernetes.launch.JobSets;
import dev.flowline.kubernetes.launch.JobTermination;
import dev.flowline.kubernetes.render.GangResources;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.kubernetes.render.TaskContext;
import dev.flowline.runtime.TaskSpec;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the launcher creates and ends a gang attempt's objects ({@link JobSets}) against the test
 * cluster with the real JobSet controller and its webhooks: the Service first, then the JobSet,
 * which becomes the Service's owner; {@code stop} suspends the JobSet (the webhook accepts the
 * patch), {@code delete} deletes the JobSet and the Service, and ending a gone JobSet is no error.
 */
class JobSetsOnClusterTest {
  @RegisterExtension
  static final TestClusterExtension CLUSTER = new TestClusterExtension(List.of("jobset"));

  @TempDir Path tmp;

  private GangResources gang(TestNamespace ns) {
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
    return new JobSetRenderer().render(control, 3);
  }

  @Test
  void theServiceIsOwnedByTheJobSetStopSuspendsAndDeleteRemovesBoth(TestNamespace ns) {
    var gang = gang(ns);
    String name = gang.jobSet().getMetadata().getName();
    var client = ns.client();
    JobSets.create(client, gang);

    var jobSets =
        client.genericKubernetesResources(JobSets.definition(JobSetRenderer.DEFAULT_API_VERSION));
    var created = jobSets.withName(name).get();
    assertThat(client.services().withName(name).get().getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("JobSet");
              assertThat(o.getName()).isEqualTo(name);
              assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid());
            });

    assertThat(
            JobSets.end(
                client,
                JobSetRenderer.DEFAULT_API_VERSION,
                ns.name(),
                name,
                JobTermination.Mode.STOP))
        .isEqualTo(JobTermination.Result.ENDED);
    @SuppressWarnings("unchecked")
    var spec = (Map<String, Object>) jobSets.withName(name).get().get("spec");
    assertThat(spec).containsEntry("suspend", true);

    assertThat(
            JobSets.end(
                client,
                JobSetRenderer.DEFAULT_API_VERSION,
                ns.name(),
                name,
                JobTermination.Mode.DELETE))
        .isEqualTo(JobTermination.Result.ENDED);
    jobSets.withName(name).waitUntilCondition(Objects::isNull, 120, TimeUnit.SECONDS);
    assertThat(client.services().withName(name).get()).isNull();
    assertThat(
            JobSets.end(
                client,
                JobSetRenderer.DEFAULT_API_VERSION,
                ns.name(),
                name,
                JobTermination.Mode.STOP))
        .isEqualTo(JobTermination.Result.GONE);
  }
}
