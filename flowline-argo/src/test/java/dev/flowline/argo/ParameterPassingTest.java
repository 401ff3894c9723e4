package dev.flowline.argo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.argo.flows.JsonParametersFlow;
import dev.flowline.argo.flows.ParametersFlow;
import dev.flowline.argo.flows.UnpassableParametersFlow;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How parameters cross into a deployment: a default is written as the text {@code run} reads back
 * (JSON for records and collections), and a value that cannot reach a task is refused first.
 */
class ParameterPassingTest {
  @TempDir Path work;

  @Test
  void recordListAndMapDefaultsAreWrittenAsJsonThatReadsBack() throws Exception {
    var r = ArgoCli.run(JsonParametersFlow.class, ArgoCli.env(work), work, "create", "--only-json");
    assertThat(r.code()).as(r.all()).isZero();
    Map<String, String> values = new HashMap<>();
    for (JsonNode p : template(r.out()).at("/spec/arguments/parameters")) {
      values.put(p.get("name").asText(), p.path("value").asText(null));
    }
    assertThat(values)
        .containsEntry("config", "{\"learningRate\":0.01,\"layers\":[16,8]}")
        .containsEntry("tables", "[\"sales\",\"stock\"]")
        .containsEntry("limits", "{\"sales\":10}");
  }

  @Test
  void aDefaultWithoutTextThatReadsBackAndAnOversizedOneAreRefusedTogether() {
    var r =
        ArgoCli.run(
            UnpassableParametersFlow.class, ArgoCli.env(work), work, "create", "--only-json");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains("parameter --opaque (field opaque,")
        .contains("reads back as a different value (Opaque has no equals")
        .contains("Fix: use a String, number, boolean, enum, or a record or collection")
        .contains("parameter --blob: its default has 200000 bytes, over the 131053")
        .contains("METAFLOW_RUN_BLOB")
        .contains("pass its path or URL");
  }

  @Test
  void anOversizedTriggerValueIsRefusedBeforeTheClusterIsAsked() {
    var r =
        ArgoCli.run(
            JsonParametersFlow.class,
            ArgoCli.env(work),
            work,
            "trigger",
            "--tables",
            "[\"" + "y".repeat(140_000) + "\"]");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains("parameter --tables: the value has 140004 bytes, over the 131051")
        .doesNotContain("yyyyyyyyyy");
  }

  @Test
  void aParameterNamedLikeTriggersOwnOptionIsNotSilentlyTakenForIt() {
    var r = ArgoCli.run(ParametersFlow.class, ArgoCli.env(work), work, "trigger", "--name", "bob");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains("argo-workflows trigger: --name is trigger's own option (")
        .contains(
            "and the flow also has a parameter --name (field name): the option took the value."
                + " Set the parameter with METAFLOW_RUN_NAME=VALUE instead, or rename it with"
                + " @Parameter(name = \"...\").")
        .contains("Nothing was started.");
  }

  private static JsonNode template(String out) throws Exception {
    var json = new ObjectMapper();
    var parser = json.getFactory().createParser(out);
    var it = json.readValues(parser, JsonNode.class);
    while (it.hasNext()) {
      var node = it.next();
      if (node.path("kind").asText().equals("WorkflowTemplate")) {
        return node;
      }
    }
    throw new AssertionError("no WorkflowTemplate in " + out);
  }
}
