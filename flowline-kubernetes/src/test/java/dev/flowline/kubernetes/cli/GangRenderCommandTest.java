package dev.flowline.kubernetes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.flowline.cli.FlowCommandGroup;
import dev.flowline.cli.FlowContext;
import dev.flowline.config.Config;
import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import dev.flowline.testkit.schema.CrdSchema;
import dev.flowline.testkit.schema.OpenApiSchemas;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kubernetes render} of a {@code @Parallel} step prints its gang's Service and JobSet. */
class GangRenderCommandTest {
  static final OpenApiSchemas KUBERNETES = OpenApiSchemas.kubernetes();

  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /** start -> next(this::train, parallel(3)) -> train (@Parallel, @Kubernetes) -> join -> end. */
  private static FlowModel gangFlow() {
    var start =
        new StepModel(
            "start",
            StepType.FOREACH,
            List.of("train"),
            Optional.empty(),
            List.of(),
            List.of(),
            0,
            0,
            List.of(),
            Optional.of("join"),
            3);
    var train =
        new StepModel(
            "train",
            StepType.LINEAR,
            List.of("join"),
            Optional.empty(),
            List.of("start"),
            List.of(
                new DecoratorSpec("parallel", Map.of(), DecoratorSpec.Origin.ANNOTATION),
                new DecoratorSpec(
                    "kubernetes", Map.of("port", 8080L), DecoratorSpec.Origin.ANNOTATION),
                new DecoratorSpec(
                    "environment",
                    Map.of("vars", List.of("API_TOKEN=abc123")),
                    DecoratorSpec.Origin.ANNOTATION)),
            0);
    var join =
        new StepModel(
            "join",
            StepType.JOIN,
            List.of("end"),
            Optional.empty(),
            List.of("train"),
            List.of(),
            0);
    var end =
        new StepModel(
            "end", StepType.END, List.of(), Optional.empty(), List.of("join"), List.of(), 0);
    return new FlowModel(
        "GangFlow", "com.example.GangFlow", List.of(start, train, join, end), List.of());
  }

  private int run(String... args) {
    Map<String, String> env = new HashMap<>();
    env.put("METAFLOW_HOME", tmp.resolve("home").toString());
    env.put("METAFLOW_DEFAULT_DATASTORE", "s3");
    env.put("METAFLOW_DATASTORE_SYSROOT_S3", "s3://bucket/flowline");
    FlowContext ctx =
        new FlowContext() {
          @Override
          public FlowModel flow() {
            return gangFlow();
          }

          @Override
          public Config config() {
            return Config.load(env, tmp);
          }

          @Override
          public PrintWriter out() {
            return new PrintWriter(out, true);
          }

          @Override
          public PrintWriter err() {
            return new PrintWriter(err, true);
          }
        };
    FlowCommandGroup group =
        ServiceLoader.load(FlowCommandGroup.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(g -> g.name().equals("kubernetes"))
            .findFirst()
            .orElseThrow();
    return new CommandLine(group.create(ctx)).execute(args);
  }

  @Test
  void printsTheServiceAndTheJobSetBothSchemaValidWithCredentialsMasked() throws Exception {
    int code =
        run("render", "train", "--run-id", "77", "--task-id", "9", "--input-paths", "77/start/8");
    assertThat(code).as(err.toString()).isZero();
    var yaml = new ObjectMapper(new YAMLFactory());
    List<JsonNode> docs =
        yaml.readValues(yaml.createParser(out.toString()), JsonNode.class).readAll();
    assertThat(docs).extracting(d -> d.path("kind").asText()).containsExactly("Service", "JobSet");
    assertThat(KUBERNETES.validate(docs.get(0))).isEmpty();
    assertThat(CrdSchema.jobSet(KUBERNETES).validate(docs.get(1))).isEmpty();
    for (JsonNode r : docs.get(1).path("spec").path("replicatedJobs")) {
      assertThat(KUBERNETES.validate("io.k8s.api.batch.v1.JobTemplateSpec", r.path("template")))
          .isEmpty();
    }
    assertThat(out.toString())
        .contains("--task-id 9 --attempt 0 --input-paths 77/start/8 --split-index 0\n")
        .contains("--task-id \"$FLOWLINE_TASK_ID\"")
        .contains("name: \"MF_MASTER_PORT\"\n                value: \"8080\"")
        .contains("flowline.dev/task: \"9-11\"")
        .doesNotContain("abc123");
    assertThat(err.toString()).contains("note: the values of API_TOKEN are printed as");
  }

  @Test
  void printsAJsonListWithTheServiceAndTheJobSet() throws Exception {
    assertThat(run("render", "train", "--input-paths", "1/start/2", "-o", "json")).isZero();
    JsonNode list = new ObjectMapper().readTree(out.toString());
    assertThat(list.path("kind").asText()).isEqualTo("List");
    assertThat(list.path("items"))
        .extracting(d -> d.path("kind").asText())
        .containsExactly("Service", "JobSet");
  }

  @Test
  void aSplitIndexIsRefusedForAGangStep() {
    assertThat(run("render", "train", "--input-paths", "1/start/2", "--split-index", "1"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "kubernetes render train: --split-index: value \"1\" is not allowed: step 'train' is a"
                + " @Parallel step, rendered as one JobSet for the whole gang, whose pods take"
                + " their node index from the JobSet. Remove --split-index; --task-id is the"
                + " control node's.");
    assertThat(out.toString()).isEmpty();
  }
}
