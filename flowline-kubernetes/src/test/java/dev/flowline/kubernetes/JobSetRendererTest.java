package dev.flowline.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.kubernetes.codepackage.FetcherJar;
import dev.flowline.kubernetes.render.GangResources;
import dev.flowline.kubernetes.render.JobRenderer;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.kubernetes.render.TaskContext;
import dev.flowline.runtime.TaskSpec;
import dev.flowline.testkit.schema.CrdSchema;
import dev.flowline.testkit.schema.OpenApiSchemas;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gang's JobSet and headless Service ({@link JobSetRenderer}): a golden file, every object
 * validated against JobSet v0.12.0's CRD schema and Kubernetes 1.36's (unknown fields rejected),
 * the {@code MF_*} wiring, the port, the host name wait and the worker script.
 */
class JobSetRendererTest {
  static final OpenApiSchemas KUBERNETES = OpenApiSchemas.kubernetes();
  static final CrdSchema JOBSET = CrdSchema.jobSet(KUBERNETES);
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** Node 0 of a gang of {@code train}: task 5 of run 1234, input start/1. */
  private static TaskContext control(Fixtures f) {
    var base = f.context();
    var t = base.task();
    var task =
        new TaskSpec(
            t.flowClass(),
            t.runId(),
            t.stepName(),
            t.taskId(),
            t.attempt(),
            t.inputPaths(),
            Optional.of(0),
            t.tags());
    return new TaskContext(base.settings(), task, base.user(), base.codeUrl());
  }

  private Fixtures fixtures() {
    return Fixtures.in(tmp).env("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "eclipse-temurin:17-jre");
  }

  /** Every object of {@code gang} is valid; returns the JobSet as JSON. */
  private static JsonNode assertValid(GangResources gang) throws Exception {
    JsonNode jobSet = JSON.readTree(SERIALIZATION.asJson(gang.jobSet()));
    assertThat(JOBSET.validate(jobSet)).as(jobSet.toPrettyString()).isEmpty();
    for (JsonNode replicated : jobSet.path("spec").path("replicatedJobs")) {
      assertThat(
              KUBERNETES.validate(
                  "io.k8s.api.batch.v1.JobTemplateSpec", replicated.path("template")))
          .as(replicated.path("name").asText())
          .isEmpty();
    }
    JsonNode service = JSON.readTree(SERIALIZATION.asJson(gang.service()));
    assertThat(KUBERNETES.validate(service)).isEmpty();
    return jobSet;
  }

  private static JsonNode pod(JsonNode jobSet, int replicatedJob) {
    return jobSet
        .path("spec")
        .path("replicatedJobs")
        .path(replicatedJob)
        .path("template")
        .path("spec")
        .path("template");
  }

  private static Map<String, String> env(JsonNode pod) {
    var env = new LinkedHashMap<String, String>();
    for (JsonNode e : pod.path("spec").path("containers").path(0).path("env")) {
      if (e.has("value")) {
        env.put(e.path("name").asText(), e.path("value").asText());
      }
    }
    return env;
  }

  private static String script(JsonNode pod) {
    JsonNode command = pod.path("spec").path("containers").path(0).path("command");
    return command.path(command.size() - 1).asText();
  }

  @Test
  void rendersTheGoldenJobSetAndServiceAndEveryObjectIsSchemaValid() throws Exception {
    GangResources gang = new JobSetRenderer().render(control(fixtures().kubernetes()), 4);
    assertValid(gang);
    String yaml =
        (SERIALIZATION.asYaml(gang.service()) + SERIALIZATION.asYaml(gang.jobSet()))
            .replace(FetcherJar.base64(), "<FetcherJar.base64()>");
    Path file = Path.of("src", "test", "resources", "golden", "jobset-gang.yaml");
    if (Boolean.getBoolean("flowline.golden.update")) {
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
    }
    assertThat(yaml)
        .as("golden file %s (regenerate with -Dflowline.golden.update=true)", file)
        .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  @Test
  void aControlAndAWorkerReplicatedJobCarryTheGangsPlaceUnderMetaflowsNames() throws Exception {
    var gang = new JobSetRenderer().render(control(fixtures().kubernetes()), 4);
    JsonNode jobSet = assertValid(gang);
    String name = gang.jobSet().getMetadata().getName();
    assertThat(name)
        .hasSizeLessThanOrEqualTo(JobSetRenderer.MAX_NAME)
        .startsWith("trainflow-train-");
    assertThat(jobSet.path("apiVersion").asText()).isEqualTo("jobset.x-k8s.io/v1alpha2");
    assertThat(jobSet.path("spec").path("network").path("subdomain").asText()).isEqualTo(name);
    assertThat(gang.service().getMetadata().getName()).isEqualTo(name);
    assertThat(gang.service().getSpec().getClusterIP()).isEqualTo("None");
    assertThat(gang.service().getSpec().getSelector())
        .containsEntry("jobset.sigs.k8s.io/jobset-name", name);
    assertThat(gang.controlAddress()).isEqualTo(name + "-control-0-0." + name);

    var replicated = jobSet.path("spec").path("replicatedJobs");
    assertThat(replicated.path(0).path("name").asText()).isEqualTo("control");
    assertThat(replicated.path(0).path("template").path("spec").path("completions").asInt())
        .isEqualTo(1);
    assertThat(replicated.path(1).path("name").asText()).isEqualTo("worker");
    assertThat(replicated.path(1).path("template").path("spec").path("completions").asInt())
        .isEqualTo(3);
    assertThat(replicated.path(1).path("template").path("spec").path("completionMode").asText())
        .isEqualTo("Indexed");
    assertThat(jobSet.path("spec").path("failurePolicy").path("maxRestarts").asInt()).isZero();

    Map<String, String> control = env(pod(jobSet, 0));
    assertThat(control)
        .containsEntry("MF_PARALLEL_NUM_NODES", "4")
        .containsEntry("MF_WORLD_SIZE", "4")
        .containsEntry("MF_PARALLEL_NODE_INDEX", "0")
        .containsEntry("MF_PARALLEL_MAIN_IP", gang.controlAddress())
        .containsEntry("MF_MASTER_ADDR", gang.controlAddress())
        .containsEntry("MF_MASTER_PORT", "29500")
        .containsEntry("MF_PARALLEL_CONTROL_TASK_ID", "5")
        .containsEntry("FLOWLINE_HOSTNAME_RESOLUTION_TIMEOUT", "600");
    Map<String, String> worker = env(pod(jobSet, 1));
    assertThat(worker)
        .containsEntry("MF_MASTER_ADDR", gang.controlAddress())
        .containsEntry("MF_PARALLEL_CONTROL_TASK_ID", "5")
        .doesNotContainKey("MF_PARALLEL_NODE_INDEX");
    assertThat(script(pod(jobSet, 0))).contains("--task-id 5").contains("--split-index 0");
    assertThat(script(pod(jobSet, 1)))
        .contains("--task-id \"$FLOWLINE_TASK_ID\"")
        .contains("--split-index \"$MF_PARALLEL_NODE_INDEX\"");
    assertThat(
            pod(jobSet, 1).path("metadata").path("annotations").path("flowline.dev/task").asText())
        .isEqualTo("6-8");
    assertThat(SERIALIZATION.asYaml(gang.jobSet()))
        .doesNotContain("None")
        .doesNotContain("FLOWLINE-GANG");
  }

  @Test
  void theWorkerScriptComputesItsNodeIndexAndTaskIdFromTheCompletionIndex() throws Exception {
    var gang = new JobSetRenderer().render(control(fixtures().kubernetes()), 4);
    String script = script(pod(assertValid(gang), 1));
    var syntax = new ProcessBuilder("sh", "-n", "-c", script).redirectErrorStream(true).start();
    assertThat(syntax.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(syntax.getInputStream().readAllBytes())).isEmpty();
    assertThat(syntax.exitValue()).isZero();
    String setup = String.join("\n", script.lines().limit(3).toList());
    var run =
        new ProcessBuilder(
                "sh", "-c", setup + "\necho \"$MF_PARALLEL_NODE_INDEX $FLOWLINE_TASK_ID\"")
            .redirectErrorStream(true);
    run.environment().put("JOB_COMPLETION_INDEX", "2");
    Process p = run.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(p.getInputStream().readAllBytes())).isEqualTo("3 8\n");
  }

  @Test
  void theConfiguredPortIsExposedNamedInTheServiceAndPassedIn() throws Exception {
    var gang =
        new JobSetRenderer()
            .render(
                control(fixtures().kubernetes("port", 8080, "hostnameResolutionTimeout", 30)), 2);
    JsonNode jobSet = assertValid(gang);
    assertThat(gang.port()).isEqualTo(8080);
    assertThat(env(pod(jobSet, 0)))
        .containsEntry("MF_MASTER_PORT", "8080")
        .containsEntry("FLOWLINE_HOSTNAME_RESOLUTION_TIMEOUT", "30");
    var ports = new ArrayList<Integer>();
    pod(jobSet, 1)
        .path("spec")
        .path("containers")
        .path(0)
        .path("ports")
        .forEach(p -> ports.add(p.path("containerPort").asInt()));
    assertThat(ports).containsExactly(8080);
    assertThat(gang.service().getSpec().getPorts().get(0).getPort()).isEqualTo(8080);

    var fromConfig =
        new JobSetRenderer()
            .render(control(fixtures().env("METAFLOW_KUBERNETES_PORT", "7000").kubernetes()), 2);
    assertThat(env(pod(assertValid(fromConfig), 1))).containsEntry("MF_MASTER_PORT", "7000");
  }

  @Test
  void theJobSetApiVersionIsAParameter() throws Exception {
    var gang =
        new JobSetRenderer(new JobRenderer(), "jobset.example.com/v1")
            .render(control(fixtures().kubernetes()), 2);
    assertThat(gang.jobSet().getApiVersion()).isEqualTo("jobset.example.com/v1");
  }

  @Test
  void aControlTaskIdThatIsNotANumberIsRefusedWithTheFix() {
    var f = fixtures().kubernetes().task("1234", "abc", 0);
    assertThatThrownBy(() -> new JobSetRenderer().render(control(f), 4))
        .hasMessage(
            "task id \"abc\": a gang's control task id must be a whole number (the workers' task"
                + " ids follow it); use e.g. --task-id 2");
  }

  @Test
  void theSchemaCheckRejectsAnUnknownField() throws Exception {
    var gang = new JobSetRenderer().render(control(fixtures().kubernetes()), 2);
    var jobSet = (com.fasterxml.jackson.databind.node.ObjectNode) assertValid(gang);
    ((com.fasterxml.jackson.databind.node.ObjectNode) jobSet.path("spec")).put("replicas", 2);
    assertThat(JOBSET.validate(jobSet)).hasSize(1).first().asString().contains("replicas");
  }
}
