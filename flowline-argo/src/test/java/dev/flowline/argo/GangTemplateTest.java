package dev.flowline.argo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flowline.argo.compile.GangTemplates;
import dev.flowline.argo.flows.GangFlow;
import dev.flowline.argo.flows.GangInForeachFlow;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.testkit.schema.CrdSchema;
import dev.flowline.testkit.schema.OpenApiSchemas;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gang step on Argo: a {@code resource} template that creates the gang's JobSet (the JobSet the
 * Kubernetes launcher creates, with the task identity as Argo expressions), succeeding and failing
 * with the JobSet's terminal state, owned by the Workflow; the launcher writes the JobSet's name
 * and the join lists every node's task. The manifest is valid JSON and YAML as written and, with
 * Argo's values substituted, valid against JobSet v0.12.0 and Kubernetes 1.36.
 */
class GangTemplateTest {
  static final OpenApiSchemas KUBERNETES = OpenApiSchemas.kubernetes();
  static final CrdSchema JOBSET = CrdSchema.jobSet(KUBERNETES);
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private JsonNode compile() throws Exception {
    var r = ArgoCli.run(GangFlow.class, ArgoCli.env(work), work, "create", "--only-json");
    assertThat(r.code()).as(r.all()).isZero();
    JsonNode wt = JSON.readTree(r.out());
    ArgoSchemas.assertValid(wt);
    return wt;
  }

  private static JsonNode template(JsonNode wt, String name) {
    return StreamSupport.stream(wt.at("/spec/templates").spliterator(), false)
        .filter(t -> t.path("name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode task(JsonNode wt, String name) {
    return StreamSupport.stream(template(wt, "flow-dag").at("/dag/tasks").spliterator(), false)
        .filter(t -> t.path("name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static String argument(JsonNode task, String name) {
    return StreamSupport.stream(task.at("/arguments/parameters").spliterator(), false)
        .filter(p -> p.path("name").asText().equals(name))
        .findFirst()
        .orElseThrow()
        .path("value")
        .asText();
  }

  /** {@code text} with Argo's values substituted, as the controller does before creating it. */
  private static String substitute(String text, Map<String, String> values) {
    for (var e : values.entrySet()) {
      text = text.replace("{{" + e.getKey() + "}}", e.getValue());
    }
    return text;
  }

  private static void assertValidJobSet(JsonNode jobSet) {
    assertThat(JOBSET.validate(jobSet)).as(jobSet.toPrettyString()).isEmpty();
    for (JsonNode replicated : jobSet.at("/spec/replicatedJobs")) {
      assertThat(
              KUBERNETES.validate(
                  "io.k8s.api.batch.v1.JobTemplateSpec", replicated.path("template")))
          .as(replicated.path("name").asText())
          .isEmpty();
    }
  }

  @Test
  void theGangStepIsAResourceTemplateCreatingAValidJobSetOwnedByTheWorkflow() throws Exception {
    JsonNode wt = compile();
    JsonNode train = template(wt, "train");
    assertThat(train.has("container")).isFalse();
    JsonNode resource = train.path("resource");
    assertThat(resource.path("action").asText()).isEqualTo("create");
    assertThat(resource.path("setOwnerReference").asBoolean()).isTrue();
    assertThat(resource.path("successCondition").asText())
        .isEqualTo("status.terminalState == Completed");
    assertThat(resource.path("failureCondition").asText())
        .isEqualTo("status.terminalState == Failed");
    // @Retry(times = 1) retries the whole gang: a new JobSet per attempt
    assertThat(train.at("/retryStrategy/limit").asText()).isEqualTo("1");

    String manifest = resource.path("manifest").asText();
    // valid as written (Metaflow's is not before Argo substitutes it), as JSON and as YAML
    JsonNode asJson = JSON.readTree(manifest);
    assertThat(new YAMLMapper().readTree(manifest)).isEqualTo(asJson);
    assertThat(asJson.at("/metadata/name").asText())
        .isEqualTo("{{inputs.parameters.gang}}-{{retries}}");
    assertValidJobSet(asJson);

    String gang = GangTemplates.name("GangFlow", "gangflow-x7k2p", "train", "t");
    String done =
        substitute(
            manifest,
            Map.of(
                "workflow.name", "gangflow-x7k2p",
                "inputs.parameters.task-id", "t",
                "inputs.parameters.input-paths", "gangflow-x7k2p/start/t",
                "inputs.parameters.gang", gang,
                "retries", "1",
                "workflow.parameters.flowline-bootstrap", "UEsDBA=="));
    assertThat(done).doesNotContain("{{");
    JsonNode jobSet = JSON.readTree(done);
    assertValidJobSet(jobSet);
    String name = jobSet.at("/metadata/name").asText();
    assertThat(name)
        .isEqualTo(gang + "-1")
        .startsWith("gangflow-train-")
        .matches("[a-z]([-a-z0-9]*[a-z0-9])?");
    assertThat(name.length()).isLessThanOrEqualTo(JobSetRenderer.MAX_NAME);
    assertThat(jobSet.at("/metadata/namespace").asText()).isEqualTo("flows");
    assertThat(jobSet.at("/spec/network/subdomain").asText()).isEqualTo(name);
    assertThat(jobSet.at("/spec/failurePolicy/maxRestarts").asInt()).isZero();

    JsonNode control = jobSet.at("/spec/replicatedJobs/0/template/spec/template/spec");
    JsonNode worker = jobSet.at("/spec/replicatedJobs/1/template/spec/template/spec");
    assertThat(jobSet.at("/spec/replicatedJobs/1/template/spec/completions").asInt()).isEqualTo(3);
    Map<String, String> env = env(control);
    assertThat(env)
        .containsEntry("MF_PARALLEL_NUM_NODES", "4")
        .containsEntry("MF_PARALLEL_NODE_INDEX", "0")
        .containsEntry("MF_MASTER_ADDR", name + "-control-0-0." + name)
        .containsEntry("MF_MASTER_PORT", "29500")
        .containsEntry("MF_PARALLEL_CONTROL_TASK_ID", "t-0")
        .containsEntry("FLOWLINE_BOOTSTRAP", "UEsDBA==");
    assertThat(env(worker))
        .containsEntry("MF_MASTER_ADDR", name + "-control-0-0." + name)
        .containsEntry("MF_PARALLEL_CONTROL_TASK_ID", "t-0")
        .doesNotContainKey("MF_PARALLEL_NODE_INDEX");
    String controlScript = control.at("/containers/0/command/2").asText();
    assertThat(controlScript)
        .contains(
            "argo-workflows task train --run-id 'gangflow-x7k2p' --task-id 't-0' --attempt '1'"
                + " --input-paths 'gangflow-x7k2p/start/t' --split-index 0\n");
    String workerScript = worker.at("/containers/0/command/2").asText();
    assertThat(workerScript)
        .contains("FLOWLINE_TASK_ID=t-\"$MF_PARALLEL_NODE_INDEX\"\n")
        .contains(
            "argo-workflows task train --run-id 'gangflow-x7k2p' --task-id \"$FLOWLINE_TASK_ID\""
                + " --attempt '1' --input-paths 'gangflow-x7k2p/start/t' --split-index"
                + " \"$MF_PARALLEL_NODE_INDEX\"\n");
    // worker n's task id is t-n, what the join lists (below)
    var sh =
        new ProcessBuilder(
                "sh",
                "-c",
                "MF_PARALLEL_NODE_INDEX=$((2 + 1)); "
                    + workerScript
                        .lines()
                        .filter(l -> l.startsWith("FLOWLINE_TASK_ID="))
                        .findFirst()
                        .orElseThrow()
                    + "; printf %s \"$FLOWLINE_TASK_ID\"")
            .start();
    assertThat(new String(sh.getInputStream().readAllBytes())).isEqualTo("t-3");
  }

  @Test
  void theLauncherNamesTheGangAndTheJoinListsEveryNodesTaskInNodeOrder() throws Exception {
    JsonNode wt = compile();
    JsonNode start = template(wt, "start");
    assertThat(start.at("/outputs/parameters/0/name").asText()).isEqualTo("gang");
    assertThat(start.at("/outputs/parameters/0/valueFrom/path").asText())
        .isEqualTo("/mnt/out/gang");
    assertThat(start.at("/container/command/2").asText()).contains(" --outputs /mnt/out");
    // one DAG: the gang is one task, not a foreach fan-out
    assertThat(wt.at("/spec/templates").findValuesAsText("name")).doesNotContain("start-foreach");
    JsonNode train = task(wt, "train");
    assertThat(train.at("/dependencies/0").asText()).isEqualTo("start");
    assertThat(argument(train, "gang")).isEqualTo("{{tasks.start.outputs.parameters.gang}}");
    assertThat(argument(train, "task-id")).isEqualTo("t");
    assertThat(argument(train, "input-paths")).isEqualTo("{{workflow.name}}/start/t");
    JsonNode join = task(wt, "join");
    assertThat(join.at("/dependencies/0").asText()).isEqualTo("train");
    assertThat(argument(join, "input-paths")).isEqualTo("{{workflow.name}}/train/t");
    assertThat(argument(join, "splits")).isEqualTo("4");
  }

  @Test
  void aGangInsideAForeachIsOneTaskOfTheForeachBodyWithItsNodesUnderTheBodyTaskId()
      throws Exception {
    var r = ArgoCli.run(GangInForeachFlow.class, ArgoCli.env(work), work, "create", "--only-json");
    assertThat(r.code()).as(r.all()).isZero();
    JsonNode wt = JSON.readTree(r.out());
    ArgoSchemas.assertValid(wt);
    var names = wt.at("/spec/templates").findValuesAsText("name");
    assertThat(names).contains("start-foreach").doesNotContain("split-foreach");
    JsonNode body = template(wt, "start-foreach");
    JsonNode train =
        StreamSupport.stream(body.at("/dag/tasks").spliterator(), false)
            .filter(t -> t.path("name").asText().equals("train"))
            .findFirst()
            .orElseThrow();
    String id = "{{inputs.parameters.task-prefix}}-{{inputs.parameters.split-index}}";
    assertThat(argument(train, "task-id")).isEqualTo(id);
    assertThat(argument(train, "gang")).isEqualTo("{{tasks.split.outputs.parameters.gang}}");
    JsonNode gather =
        StreamSupport.stream(body.at("/dag/tasks").spliterator(), false)
            .filter(t -> t.path("name").asText().equals("gather"))
            .findFirst()
            .orElseThrow();
    assertThat(argument(gather, "input-paths")).isEqualTo("{{workflow.name}}/train/" + id);
    assertThat(argument(gather, "splits")).isEqualTo("2");
    JsonNode jobSet = JSON.readTree(template(wt, "train").at("/resource/manifest").asText());
    assertValidJobSet(jobSet);
    // no @Retry: every attempt is 0, and so is the JobSet name's suffix
    assertThat(jobSet.at("/metadata/name").asText()).isEqualTo("{{inputs.parameters.gang}}-0");
    assertThat(template(wt, "train").has("retryStrategy")).isFalse();
  }

  @Test
  void theGangNameIsAShortDnsNameUniquePerRunStepAndTask() {
    String a = GangTemplates.name("GangFlow", "gangflow-x7k2p", "train", "t");
    assertThat(a).isEqualTo(GangTemplates.name("GangFlow", "gangflow-x7k2p", "train", "t"));
    assertThat(a).isNotEqualTo(GangTemplates.name("GangFlow", "gangflow-x7k2q", "train", "t"));
    assertThat(a).isNotEqualTo(GangTemplates.name("GangFlow", "gangflow-x7k2p", "train", "t-1"));
    String longOne =
        GangTemplates.name(
            "AVeryLongFlowNameThatGoesOnAndOn", "averylongflowname-abcde", "trainTheModel", "t");
    assertThat(longOne.length()).isLessThanOrEqualTo(JobSetRenderer.MAX_NAME - 3);
    assertThat(longOne).matches("[a-z]([-a-z0-9]*[a-z0-9])?");
  }

  private static Map<String, String> env(JsonNode podSpec) {
    var out = new java.util.LinkedHashMap<String, String>();
    for (JsonNode e : podSpec.at("/containers/0/env")) {
      if (e.has("value")) {
        out.put(e.path("name").asText(), e.path("value").asText());
      }
    }
    return out;
  }
}
