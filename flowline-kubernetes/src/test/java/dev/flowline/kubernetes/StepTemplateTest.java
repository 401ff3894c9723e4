package dev.flowline.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.kubernetes.render.JobRenderer;
import dev.flowline.kubernetes.render.StepContext;
import dev.flowline.kubernetes.render.StepPod;
import dev.flowline.kubernetes.render.TaskIdentity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step's pod is built without a task (the template); the task's identity is applied last, with
 * literal values for a Job or Argo expressions for a workflow template.
 */
class StepTemplateTest {
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @TempDir Path tmp;

  private static String json(StepPod pod) {
    return JSON.asJson(pod.pod()) + JSON.asJson(pod.main());
  }

  @Test
  void theTemplateIsTheSameForEveryTaskOfAStepAndHoldsOnlySlots() {
    var first = Fixtures.in(tmp).kubernetes("cpu", "2").task("1234", "5", 0).context();
    var second = Fixtures.in(tmp).kubernetes("cpu", "2").task("9876", "42", 3).context();
    var renderer = new JobRenderer();

    String template = json(renderer.template(StepContext.of(first)));

    assertThat(template).isEqualTo(json(renderer.template(StepContext.of(second))));
    assertThat(template)
        .contains(TaskIdentity.RUN_ID, TaskIdentity.RUN_LABEL, TaskIdentity.TASK_ID)
        .contains(TaskIdentity.ATTEMPT, TaskIdentity.INPUT_PATHS)
        .doesNotContain("1234")
        .doesNotContain("9876");
  }

  @Test
  void aJobIsTheTemplatePlusTheLiteralIdentity() {
    var ctx = Fixtures.in(tmp).task("1234", "5", 2).context();
    var renderer = new JobRenderer();
    StepPod pod = TaskIdentity.of(ctx.task()).applyTo(renderer.template(StepContext.of(ctx)));

    var job = renderer.render(ctx);

    assertThat(JSON.asJson(job.getSpec().getTemplate().getSpec().getContainers().get(0)))
        .isEqualTo(JSON.asJson(pod.main()));
    assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("flowline.dev/run", "1234")
        .containsEntry("flowline.dev/task", "5")
        .containsEntry("flowline.dev/attempt", "2");
    assertThat(JSON.asJson(job)).doesNotContain("FLOWLINE-SLOT");
  }

  @Test
  void theSameTemplateTakesArgoExpressions() {
    var ctx = Fixtures.in(tmp).task("1234", "5", 0).context();
    StepPod pod = TaskIdentity.argo().applyTo(new JobRenderer().template(StepContext.of(ctx)));

    assertThat(pod.pod().getMetadata().getLabels())
        .containsEntry("flowline.dev/run", "{{workflow.name}}");
    assertThat(pod.pod().getMetadata().getAnnotations())
        .containsEntry("flowline.dev/task", "{{inputs.parameters.task-id}}")
        .containsEntry("flowline.dev/attempt", "{{retries}}");
    assertThat(pod.main().getCommand().get(2))
        .contains("--run-id '{{workflow.name}}' --task-id '{{inputs.parameters.task-id}}'")
        .contains("--attempt '{{retries}}' --input-paths '{{inputs.parameters.input-paths}}'");
    assertThat(json(pod)).doesNotContain("FLOWLINE-SLOT").doesNotContain("1234");
  }

  @Test
  void todaysFeaturesNeedNothingBesideThePod() {
    var ctx = Fixtures.in(tmp).context();
    assertThat(new JobRenderer().accompanyingResources(StepContext.of(ctx))).isEmpty();
  }
}
