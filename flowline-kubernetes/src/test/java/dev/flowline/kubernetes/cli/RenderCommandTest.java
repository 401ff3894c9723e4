package dev.flowline.kubernetes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.cli.FlowCommandGroup;
import dev.flowline.cli.FlowContext;
import dev.flowline.config.Config;
import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import dev.flowline.testkit.schema.KubernetesSchemaAssert;
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

class RenderCommandTest {
  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final Map<String, String> env = new HashMap<>();

  private FlowModel flow() {
    var k8s =
        new DecoratorSpec(
            "kubernetes",
            Map.of("cpu", "2", "secrets", List.of("db")),
            DecoratorSpec.Origin.ANNOTATION);
    var envDeco =
        new DecoratorSpec(
            "environment",
            Map.of("vars", List.of("API_TOKEN=abc123", "MODE=x")),
            DecoratorSpec.Origin.ANNOTATION);
    var start =
        new StepModel(
            "start", StepType.LINEAR, List.of("train"), Optional.empty(), List.of(), List.of(), 0);
    var train =
        new StepModel(
            "train",
            StepType.LINEAR,
            List.of("end"),
            Optional.empty(),
            List.of("start"),
            List.of(k8s, envDeco),
            0);
    var end =
        new StepModel(
            "end", StepType.END, List.of(), Optional.empty(), List.of("train"), List.of(), 0);
    return new FlowModel(
        "TrainFlow", "com.example.TrainFlow", List.of(start, train, end), List.of());
  }

  private int run(String... args) {
    env.putIfAbsent("METAFLOW_HOME", tmp.resolve("home").toString());
    FlowContext ctx =
        new FlowContext() {
          @Override
          public FlowModel flow() {
            return RenderCommandTest.this.flow();
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
  void printsTheJobAsYaml() {
    assertThat(run("render", "train", "--run-id", "77", "--task-id", "9")).isEqualTo(0);
    assertThat(out.toString())
        .startsWith("---\napiVersion: \"batch/v1\"\nkind: \"Job\"")
        .contains(
            "flowline.dev/run: \"77\"",
            "cpu: \"2\"",
            "name: \"db\"",
            "--run-id 77 --task-id 9 --attempt 0");
  }

  @Test
  void printsSchemaValidJsonWithSecretLikeValuesMasked() {
    assertThat(run("render", "train", "-o", "json", "--with", "kubernetes:memory=512"))
        .isEqualTo(0);
    new KubernetesSchemaAssert(OpenApiSchemas.kubernetes()).assertValid(out.toString());
    assertThat(out.toString())
        .containsPattern("\"name\" : \"API_TOKEN\",\\s+\"value\" : \"\\*\\*\\*\\*\"")
        .contains("\"memory\" : \"512M\"")
        .doesNotContain("abc123");
  }

  @Test
  void theRunOptionsGivenReachTheStepCommandOfTheContainer() {
    assertThat(
            run(
                "render",
                "train",
                "-o",
                "json",
                "--with",
                "retry:times=2",
                "--datastore",
                "s3",
                "--datastore-root",
                "s3://bucket/flowline"))
        .isEqualTo(0);
    new KubernetesSchemaAssert(OpenApiSchemas.kubernetes()).assertValid(out.toString());
    assertThat(out.toString())
        .contains(
            "--attempt 0 --with retry:times=2 --datastore s3 --datastore-root"
                + " s3://bucket/flowline\\n");
  }

  @Test
  void withAppliesToStepsWithoutTheAnnotation() {
    assertThat(run("render", "start", "--with", "kubernetes:cpu=3")).isEqualTo(0);
    assertThat(out.toString()).contains("cpu: \"3\"");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aStepWithoutKubernetesIsRenderedWithANote() {
    assertThat(run("render", "end")).isEqualTo(0);
    assertThat(err.toString()).contains("step 'end' has no @Kubernetes");
  }

  @Test
  void badConfigurationExitsWith2ListingEveryProblem() {
    env.put("METAFLOW_KUBERNETES_QOS", "BestEffort");
    env.put("METAFLOW_KUBERNETES_SECRETS", "Bad_Name");
    assertThat(run("render", "train")).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .startsWith("2 configuration problems:")
        .contains("METAFLOW_KUBERNETES_QOS (from env): value \"BestEffort\"")
        .contains("METAFLOW_KUBERNETES_SECRETS (from env): value \"Bad_Name\"");
  }

  @Test
  void unknownStepExitsWith2() {
    assertThat(run("render", "nope")).isEqualTo(2);
    assertThat(err.toString()).contains("flow TrainFlow has no step 'nope'");
  }
}
