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

  /** A foreach flow: start (foreach) -> body -> join -> end. */
  private FlowModel foreachFlow() {
    var start =
        new StepModel(
            "start",
            StepType.FOREACH,
            List.of("body"),
            Optional.of("items"),
            List.of(),
            List.of(),
            0);
    var body =
        new StepModel(
            "body",
            StepType.LINEAR,
            List.of("join"),
            Optional.empty(),
            List.of("start"),
            List.of(),
            0);
    var join =
        new StepModel(
            "join", StepType.JOIN, List.of("end"), Optional.empty(), List.of("body"), List.of(), 0);
    var end =
        new StepModel(
            "end", StepType.END, List.of(), Optional.empty(), List.of("join"), List.of(), 0);
    return new FlowModel(
        "ForeachFlow", "com.example.ForeachFlow", List.of(start, body, join, end), List.of());
  }

  private FlowModel model;
  private boolean sharedDatastore = true;

  private int run(String... args) {
    env.putIfAbsent("METAFLOW_HOME", tmp.resolve("home").toString());
    if (sharedDatastore) {
      env.putIfAbsent("METAFLOW_DEFAULT_DATASTORE", "s3");
      env.putIfAbsent("METAFLOW_DATASTORE_SYSROOT_S3", "s3://bucket/flowline");
    }
    FlowContext ctx =
        new FlowContext() {
          @Override
          public FlowModel flow() {
            return model != null ? model : RenderCommandTest.this.flow();
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
    assertThat(
            run(
                "render",
                "train",
                "--run-id",
                "77",
                "--task-id",
                "9",
                "--input-paths",
                "77/start/8"))
        .isEqualTo(0);
    assertThat(out.toString())
        .startsWith("---\napiVersion: \"batch/v1\"\nkind: \"Job\"")
        .contains(
            "flowline.dev/run: \"77\"",
            "cpu: \"2\"",
            "name: \"db\"",
            "--run-id 77 --task-id 9 --attempt 0 --input-paths 77/start/8\n");
  }

  @Test
  void printsSchemaValidJsonWithSecretLikeValuesMasked() {
    assertThat(
            run(
                "render",
                "train",
                "--input-paths",
                "1/start/2",
                "-o",
                "json",
                "--with",
                "kubernetes:memory=512"))
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
                "--input-paths",
                "1/start/2",
                "-o",
                "json",
                "--with",
                "retry:times=2",
                "--with",
                "catch:var=failure",
                "--with",
                "environment:vars=[\"DB_PASSWORD=hunter2\"]",
                "--datastore",
                "s3",
                "--datastore-root",
                "s3://bucket/flowline"))
        .isEqualTo(0);
    new KubernetesSchemaAssert(OpenApiSchemas.kubernetes()).assertValid(out.toString());
    // decorators the pod carries itself (retry by the runtime, environment as the container's env)
    // stay off the command, so no setting value is readable there
    assertThat(out.toString())
        .contains(
            "--attempt 0 --input-paths 1/start/2 --with catch:var=failure --datastore s3"
                + " --datastore-root s3://bucket/flowline\\n")
        .doesNotContain("retry:times")
        .doesNotContain("hunter2");
  }

  @Test
  void withAppliesToStepsWithoutTheAnnotation() {
    assertThat(run("render", "start", "--with", "kubernetes:cpu=3")).isEqualTo(0);
    assertThat(out.toString()).contains("cpu: \"3\"");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aStepWithoutKubernetesIsRenderedWithANote() {
    assertThat(run("render", "end", "--input-paths", "1/train/3")).isEqualTo(0);
    assertThat(err.toString()).contains("step 'end' has no @Kubernetes");
  }

  @Test
  void badConfigurationExitsWith2ListingEveryProblem() {
    env.put("METAFLOW_KUBERNETES_QOS", "BestEffort");
    env.put("METAFLOW_KUBERNETES_SECRETS", "Bad_Name");
    assertThat(run("render", "train", "--input-paths", "1/start/2")).isEqualTo(2);
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

  static final String LOCAL_FIX =
      " is a folder on this machine, which a pod cannot read; a step on Kubernetes needs a shared"
          + " datastore: s3, azure or gs. Use e.g. --datastore s3 with"
          + " METAFLOW_DATASTORE_SYSROOT_S3=s3://my-bucket/flowline (or METAFLOW_DEFAULT_DATASTORE=s3"
          + " in the environment or a config file; azure needs METAFLOW_DATASTORE_SYSROOT_AZURE, gs"
          + " needs METAFLOW_DATASTORE_SYSROOT_GS).\n";

  @Test
  void theLocalDatastoreIsRejectedBeforeAnythingIsPrinted() {
    sharedDatastore = false;
    assertThat(run("render", "train", "--input-paths", "1/start/2")).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            "1 configuration problem:\n"
                + "  - step 'train' (on Kubernetes): datastore: value \"local\" (the default of"
                + " METAFLOW_DEFAULT_DATASTORE)"
                + LOCAL_FIX
                + "Nothing was rendered.\n");
  }

  @Test
  void theLocalDatastoreChosenWithTheOptionIsRejectedNamingTheOption() {
    assertThat(run("render", "train", "--input-paths", "1/start/2", "--datastore", "local"))
        .isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .contains(
            "  - step 'train' (on Kubernetes): datastore: value \"local\" (from --datastore)"
                + LOCAL_FIX);
  }

  @Test
  void theLocalDatastoreFromTheEnvironmentIsRejectedNamingTheKey() {
    env.put("METAFLOW_DEFAULT_DATASTORE", "local");
    assertThat(run("render", "start")).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "  - step 'start' (on Kubernetes): datastore: value \"local\" (from"
                + " METAFLOW_DEFAULT_DATASTORE in the environment)"
                + LOCAL_FIX);
  }

  @Test
  void aSharedDatastoreWithoutItsRootIsRejected() {
    assertThat(run("render", "start", "--datastore", "azure")).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            "1 configuration problem:\n"
                + "  - step 'start' (on Kubernetes): METAFLOW_DATASTORE_SYSROOT_AZURE: value \"\" is"
                + " not set, but the azure datastore (from --datastore) needs its root: the pod"
                + " finds the run's artifacts through it. Use e.g."
                + " METAFLOW_DATASTORE_SYSROOT_AZURE=my-container/flowline.\n"
                + "Nothing was rendered.\n");
  }

  @Test
  void theDatastoreOptionIsWhatThePodIsTold() {
    env.put("METAFLOW_DATASTORE_SYSROOT_GS", "gs://bucket/flowline");
    assertThat(run("render", "start", "--datastore", "gs", "-o", "json")).isEqualTo(0);
    new KubernetesSchemaAssert(OpenApiSchemas.kubernetes()).assertValid(out.toString());
    assertThat(out.toString())
        .containsPattern("\"name\" : \"METAFLOW_DEFAULT_DATASTORE\",\\s+\"value\" : \"gs\"")
        .containsPattern(
            "\"name\" : \"METAFLOW_DATASTORE_SYSROOT_GS\",\\s+\"value\" :"
                + " \"gs://bucket/flowline\"");
  }

  @Test
  void anUnknownDatastoreKindIsAConfigurationProblem() {
    assertThat(run("render", "start", "--datastore", "nfs")).isEqualTo(2);
    assertThat(err.toString())
        .contains("METAFLOW_DEFAULT_DATASTORE (from --datastore): value \"nfs\" is not one of");
  }

  @Test
  void aStepAfterStartNeedsItsInputPaths() {
    assertThat(run("render", "train", "--run-id", "7")).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            "kubernetes render train: --input-paths: missing: step 'train' reads the artifacts of"
                + " the task of step 'start' before it, and its command names them. Give them as"
                + " RUN/STEP/TASK, comma-separated, e.g. --input-paths 7/start/2.\n"
                + "Nothing was rendered.\n");
  }

  @Test
  void inputPathsMustBeTasksOfThisRunAndOfAnInputStep() {
    assertThat(
            run("render", "train", "--run-id", "5", "--input-paths", "4/end/x,5/start/2,5/start"))
        .isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "kubernetes render train: --input-paths: value \"4/end/x\" is a task of run 4, but"
                + " input tasks belong to the run being rendered (--run-id 5). Use e.g."
                + " 5/end/x.\n"
                + "kubernetes render train: --input-paths: value \"4/end/x\" is a task of step"
                + " 'end', which does not lead into 'train' (its input steps: 'start'). Use e.g."
                + " 5/start/2.\n"
                + "kubernetes render train: --input-paths: value \"5/start\" is not RUN/STEP/TASK"
                + " (three ids of letters, digits, '_', '$', '.' and '-', not starting with '.' or"
                + " '-'). Use e.g. 5/start/2.\n"
                + "kubernetes render train: --input-paths: value \"4/end/x,5/start/2,5/start\""
                + " names 3 tasks, but step 'train' is not a join and reads exactly one. Use e.g."
                + " 5/start/2.\n"
                + "Nothing was rendered.\n");
  }

  @Test
  void theStartStepTakesNoInputPaths() {
    assertThat(run("render", "start", "--input-paths", "1/start/1")).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "kubernetes render start: --input-paths: value \"1/start/1\" is not allowed: step"
                + " 'start' is the first step and has no input tasks. Remove --input-paths.\n");
  }

  @Test
  void inputProblemsAndConfigurationProblemsAreReportedTogether() {
    env.put("METAFLOW_KUBERNETES_QOS", "BestEffort");
    assertThat(run("render", "train")).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("kubernetes render train: --input-paths: missing:")
        .contains("\n1 configuration problem:\n  - METAFLOW_KUBERNETES_QOS (from env)");
  }

  @Test
  void theFirstStepOfAForeachBodyNeedsItsSplitIndex() {
    model = foreachFlow();
    assertThat(run("render", "body", "--input-paths", "1/start/1")).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "kubernetes render body: --split-index: missing: step 'body' runs once per item of the"
                + " foreach in 'start', and its command names the item. Give the item's index,"
                + " e.g. --split-index 0.\n"
                + "Nothing was rendered.\n");
  }

  @Test
  void aForeachBodyTaskIsRenderedWithItsInputAndIndex() {
    model = foreachFlow();
    assertThat(run("render", "body", "--input-paths", "1/start/1", "--split-index", "3"))
        .isEqualTo(0);
    assertThat(out.toString())
        .contains(
            "step body --run-id 1 --task-id 1 --attempt 0 --input-paths 1/start/1 --split-index 3\n");
  }

  @Test
  void aForeachJoinNamesEveryBodyTask() {
    model = foreachFlow();
    assertThat(run("render", "join")).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "kubernetes render join: --input-paths: missing: step 'join' reads the artifacts of"
                + " every task of step 'body' (one per foreach item), and its command names them."
                + " Give them as RUN/STEP/TASK, comma-separated, e.g. --input-paths"
                + " 1/body/2,1/body/3.\n");
    err.getBuffer().setLength(0);
    assertThat(run("render", "join", "--task-id", "9", "--input-paths", "1/body/2,1/body/3"))
        .isEqualTo(0);
    assertThat(out.toString()).contains("--input-paths 1/body/2,1/body/3\n");
  }

  @Test
  void aSplitIndexOutsideAForeachBodyIsRejected() {
    model = foreachFlow();
    assertThat(run("render", "join", "--input-paths", "1/body/2", "--split-index", "0"))
        .isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "kubernetes render join: --split-index: value \"0\" is not allowed: step 'join' is not"
                + " the first step of a foreach body. Remove --split-index.\n");
  }

  @Test
  void aStaticJoinNeedsATaskOfEveryBranch() {
    var a =
        new StepModel(
            "a",
            StepType.LINEAR,
            List.of("join"),
            Optional.empty(),
            List.of("start"),
            List.of(),
            0);
    var b =
        new StepModel(
            "b",
            StepType.LINEAR,
            List.of("join"),
            Optional.empty(),
            List.of("start"),
            List.of(),
            0);
    var start =
        new StepModel(
            "start", StepType.SPLIT, List.of("a", "b"), Optional.empty(), List.of(), List.of(), 0);
    var join =
        new StepModel(
            "join",
            StepType.JOIN,
            List.of("end"),
            Optional.empty(),
            List.of("a", "b"),
            List.of(),
            0);
    var end =
        new StepModel(
            "end", StepType.END, List.of(), Optional.empty(), List.of("join"), List.of(), 0);
    model =
        new FlowModel(
            "BranchFlow", "com.example.BranchFlow", List.of(start, a, b, join, end), List.of());
    assertThat(run("render", "join", "--input-paths", "1/a/2")).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "kubernetes render join: --input-paths: value \"1/a/2\" has no task of step 'b': join"
                + " 'join' reads a task of every step that leads into it. Use e.g. 1/a/2,1/b/3.\n");
  }

  @Test
  void theDatastoreRootOptionSatisfiesTheRootRuleAndIsWhatThePodIsTold() {
    env.put("METAFLOW_DATASTORE_SYSROOT_S3", "s3://configured/flowline");
    assertThat(run("render", "start", "--datastore-root", "s3://other/flowline", "-o", "json"))
        .isEqualTo(0);
    assertThat(out.toString())
        .containsPattern(
            "\"name\" : \"METAFLOW_DATASTORE_SYSROOT_S3\",\\s+\"value\" :"
                + " \"s3://other/flowline\"");
    out.getBuffer().setLength(0);
    assertThat(run("render", "start", "--datastore", "azure", "--datastore-root", "flows/x"))
        .isEqualTo(0);
    assertThat(out.toString()).contains("value: \"flows/x\"", "--datastore-root flows/x");
  }

  @Test
  void theRunsTagsReachTheStepCommand() {
    assertThat(run("render", "start", "--tag", "nightly", "--tag", "team ml")).isEqualTo(0);
    assertThat(out.toString()).contains("--attempt 0 --tag nightly --tag 'team ml'\n");
  }

  @Test
  void withTakesCommaSeparatedKeyValuesInQuotesAsTheConfigurationKeysDo() {
    assertThat(
            run(
                "render",
                "start",
                "--with",
                "kubernetes:labels=\"team=ml,env=dev\",nodeSelector=\"disktype=ssd,zone=a\"",
                "--with",
                "kubernetes:securityContext=\"runAsUser=1001,runAsNonRoot=true\"",
                "--with",
                "kubernetes:imagePullSecrets=\"regcred,other\""))
        .as(err.toString())
        .isEqualTo(0);
    assertThat(out.toString())
        .contains(
            "team: \"ml\"",
            "env: \"dev\"",
            "disktype: \"ssd\"",
            "zone: \"a\"",
            "runAsUser: 1001",
            "runAsNonRoot: true",
            "name: \"regcred\"",
            "name: \"other\"");
  }
}
