package dev.flowline.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.config.Config;
import dev.flowline.config.ConfigValidationException;
import dev.flowline.config.OptionCatalog;
import dev.flowline.config.Problem;
import dev.flowline.config.Settings;
import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks before anything goes to Kubernetes, for several steps at once, and the run check. */
class KubernetesPreflightTest {
  static final OptionCatalog CATALOG = OptionCatalog.load();
  static final String LOCAL_RULE =
      " is a folder on this machine, which a pod cannot read; a step on Kubernetes needs a shared"
          + " datastore: s3, azure or gs. Use e.g. --datastore s3 with"
          + " METAFLOW_DATASTORE_SYSROOT_S3=s3://my-bucket/flowline (or METAFLOW_DEFAULT_DATASTORE=s3"
          + " in the environment or a config file; azure needs METAFLOW_DATASTORE_SYSROOT_AZURE, gs"
          + " needs METAFLOW_DATASTORE_SYSROOT_GS).";

  @TempDir Path tmp;
  final Map<String, String> env = new HashMap<>();

  private Config config() {
    env.putIfAbsent("METAFLOW_HOME", tmp.resolve("home").toString());
    return Config.load(env, tmp);
  }

  private static StepModel step(String name, List<String> next, List<String> in, boolean k8s) {
    var decorators =
        k8s
            ? List.of(new DecoratorSpec("kubernetes", Map.of(), DecoratorSpec.Origin.ANNOTATION))
            : List.<DecoratorSpec>of();
    StepType type = next.isEmpty() ? StepType.END : StepType.LINEAR;
    return new StepModel(name, type, next, Optional.empty(), in, decorators, 0);
  }

  /** start -> train (@Kubernetes) -> score (@Kubernetes) -> end. */
  private static FlowModel flow() {
    return new FlowModel(
        "TrainFlow",
        "com.example.TrainFlow",
        List.of(
            step("start", List.of("train"), List.of(), false),
            step("train", List.of("score"), List.of("start"), true),
            step("score", List.of("end"), List.of("train"), true),
            step("end", List.of(), List.of("score"), false)),
        List.of());
  }

  private List<Problem> runCheck(Config config) {
    return new KubernetesRunCheck().check(flow(), config);
  }

  @Test
  void theLocalDatastoreIsOneProblemNamingEveryKubernetesStep() {
    assertThat(runCheck(config()))
        .extracting(Problem::message)
        .containsExactly(
            "steps 'train', 'score' (on Kubernetes): datastore: value \"local\" (the default of"
                + " METAFLOW_DEFAULT_DATASTORE)"
                + LOCAL_RULE);
  }

  @Test
  void theLocalDatastoreFromAConfigFileNamesTheFile() throws Exception {
    Path file = Files.createDirectories(tmp.resolve(".metaflow")).resolve("config.json");
    Files.writeString(file, "{\"METAFLOW_DEFAULT_DATASTORE\": \"local\"}");
    assertThat(runCheck(config()))
        .extracting(Problem::message)
        .containsExactly(
            "steps 'train', 'score' (on Kubernetes): datastore: value \"local\" (from"
                + " METAFLOW_DEFAULT_DATASTORE in "
                + file
                + ")"
                + LOCAL_RULE);
  }

  @Test
  void theDatastoreOptionOverridesTheConfiguration() {
    env.put("METAFLOW_DEFAULT_DATASTORE", "local");
    env.put("METAFLOW_DATASTORE_SYSROOT_S3", "s3://bucket/flowline");
    assertThat(runCheck(config().withValue("METAFLOW_DEFAULT_DATASTORE", "s3", "--datastore")))
        .isEmpty();
  }

  @Test
  void aSharedDatastoreNeedsItsRoot() {
    env.put("METAFLOW_DEFAULT_DATASTORE", "gs");
    assertThat(runCheck(config()))
        .extracting(Problem::message)
        .containsExactly(
            "steps 'train', 'score' (on Kubernetes): METAFLOW_DATASTORE_SYSROOT_GS: value \"\" is"
                + " not set, but the gs datastore (from METAFLOW_DEFAULT_DATASTORE in the"
                + " environment) needs its root: the pod finds the run's artifacts through it."
                + " Use e.g. METAFLOW_DATASTORE_SYSROOT_GS=gs://my-bucket/flowline.");
  }

  @Test
  void anInvalidRootIsReportedOnceByTheConfigurationNotAsMissing() {
    env.put("METAFLOW_DEFAULT_DATASTORE", "s3");
    env.put("METAFLOW_DATASTORE_SYSROOT_S3", "gs://wrong");
    assertThat(runCheck(config()))
        .extracting(Problem::subject)
        .containsExactly("METAFLOW_DATASTORE_SYSROOT_S3 (from env)");
  }

  @Test
  void configurationProblemsSharedByTheStepsAreReportedOnce() {
    env.put("METAFLOW_DEFAULT_DATASTORE", "s3");
    env.put("METAFLOW_DATASTORE_SYSROOT_S3", "s3://bucket/flowline");
    env.put("METAFLOW_KUBERNETES_QOS", "BestEffort");
    assertThat(runCheck(config()))
        .extracting(Problem::subject)
        .containsExactly("METAFLOW_KUBERNETES_QOS (from env)");
  }

  @Test
  void aFlowWithoutKubernetesStepsHasNoProblemsEvenWithTheLocalDatastore() {
    var flow =
        new FlowModel(
            "HelloFlow",
            "com.example.HelloFlow",
            List.of(
                step("start", List.of("end"), List.of(), false),
                step("end", List.of(), List.of("start"), false)),
            List.of());
    env.put("METAFLOW_KUBERNETES_QOS", "BestEffort");
    assertThat(new KubernetesRunCheck().check(flow, config())).isEmpty();
  }

  @Test
  void resolveFailsWithEveryProblemAndReturnsSettingsPerStepOtherwise() {
    var preflight = new KubernetesPreflight(Settings.resolve(config(), CATALOG));
    var steps = KubernetesPreflight.kubernetesSteps(flow());
    assertThat(steps).extracting(StepModel::name).containsExactly("train", "score");
    assertThatThrownBy(() -> preflight.resolve(flow(), steps))
        .isInstanceOf(ConfigValidationException.class)
        .hasMessageStartingWith(
            "1 configuration problem:\n  - steps 'train', 'score' (on Kubernetes): datastore:");
    env.put("METAFLOW_DEFAULT_DATASTORE", "azure");
    env.put("METAFLOW_DATASTORE_SYSROOT_AZURE", "flows/prod");
    var ok = new KubernetesPreflight(Settings.resolve(config(), CATALOG)).resolve(flow(), steps);
    assertThat(ok.keySet()).containsExactly("train", "score");
    assertThat(ok.get("train").environment())
        .containsEntry("METAFLOW_DEFAULT_DATASTORE", "azure")
        .containsEntry("METAFLOW_DATASTORE_SYSROOT_AZURE", "flows/prod");
  }
}
