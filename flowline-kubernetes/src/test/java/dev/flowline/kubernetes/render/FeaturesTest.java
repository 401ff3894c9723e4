package dev.flowline.kubernetes.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.config.Config;
import dev.flowline.config.OptionCatalog;
import dev.flowline.config.Settings;
import dev.flowline.kubernetes.StepSettingsResolver;
import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import dev.flowline.runtime.TaskSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each feature alone: what it adds, that it does nothing when its setting is absent, and that it
 * never edits its input.
 */
class FeaturesTest {
  static final KubernetesSerialization JSON = new KubernetesSerialization();

  @TempDir Path tmp;

  private StepContext ctx(Map<String, Object> kubernetes, Map<String, String> env) {
    return StepContext.of(task(kubernetes, env));
  }

  private TaskContext task(Map<String, Object> kubernetes, Map<String, String> env) {
    var fullEnv = new LinkedHashMap<>(env);
    fullEnv.put("METAFLOW_HOME", tmp.resolve("home").toString());
    var settings = Settings.resolve(Config.load(fullEnv, tmp), OptionCatalog.load());
    var step =
        new StepModel(
            "train",
            StepType.LINEAR,
            List.of("end"),
            Optional.empty(),
            List.of("start"),
            List.of(new DecoratorSpec("kubernetes", kubernetes, DecoratorSpec.Origin.ANNOTATION)),
            0);
    var flow = new FlowModel("TrainFlow", "com.example.TrainFlow", List.of(step), List.of());
    var resolved = new StepSettingsResolver(settings).resolve(flow, step);
    return new TaskContext(
        resolved,
        new TaskSpec(
            "com.example.TrainFlow", "7", "train", "3", 1, List.of(), Optional.empty(), List.of()),
        Optional.of("alice"));
  }

  private static Map<String, Object> everything() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gpu", 1);
    m.put("imagePullSecrets", List.of("regcred"));
    m.put("serviceAccount", "sa");
    m.put("secrets", List.of("s1"));
    m.put("nodeSelector", List.of("a=b"));
    m.put("tolerations", List.of("{\"key\": \"k\", \"operator\": \"Exists\"}"));
    m.put("labels", List.of("team=ml"));
    m.put("qos", "Guaranteed");
    m.put("persistentVolumeClaims", List.of("data=/data"));
    m.put("sharedMemory", 64);
    m.put("useTmpfs", true);
    m.put("port", 8080);
    m.put("extendedResources", List.of("example.com/x=1"));
    m.put("securityProfile", "restricted");
    return m;
  }

  private static StepPod populated() {
    var pod =
        new PodBuilder()
            .withNewMetadata()
            .addToLabels("pre", "existing")
            .endMetadata()
            .withNewSpec()
            .addNewVolume()
            .withName("pre")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .endSpec()
            .build();
    var main =
        new ContainerBuilder()
            .withName("train")
            .addNewEnv()
            .withName("PRE")
            .withValue("1")
            .endEnv()
            .addNewVolumeMount()
            .withName("pre")
            .withMountPath("/pre")
            .endVolumeMount()
            .build();
    return new StepPod(pod, main);
  }

  @Test
  void noFeatureEditsItsInput() {
    var ctx = ctx(everything(), Map.of("METAFLOW_KUBERNETES_SANDBOX_INIT_SCRIPT", "true"));
    for (PodFeature f : JobRenderer.FEATURES) {
      StepPod input = populated();
      String before = JSON.asJson(input.pod()) + JSON.asJson(input.main());
      StepPod output = f.apply(input, ctx);
      assertThat(JSON.asJson(input.pod()) + JSON.asJson(input.main()))
          .as(f.getClass().getSimpleName() + " must not edit its input")
          .isEqualTo(before);
      assertThat(output)
          .as(f.getClass().getSimpleName() + " must apply its setting")
          .isNotEqualTo(input);
    }
  }

  @Test
  void optionalFeaturesDoNothingWhenTheirSettingIsAbsent() {
    var ctx = ctx(Map.of(), Map.of());
    for (PodFeature f :
        List.of(
            new TmpfsFeature(),
            new SharedMemoryFeature(),
            new PersistentVolumeClaimsFeature(),
            new SecretsFeature(),
            new SchedulingFeature(),
            new PortFeature(),
            new SecurityFeature())) {
      StepPod input = populated();
      assertThat(f.apply(input, ctx)).as(f.getClass().getSimpleName()).isSameAs(input);
    }
  }

  @Test
  void burstableHasRequestsOnlyAndGuaranteedEqualLimits() {
    var burst =
        new ResourcesFeature()
            .apply(populated(), ctx(Map.of("cpu", "2", "memory", 100, "disk", 200), Map.of()));
    assertThat(burst.main().getResources().getRequests())
        .containsOnlyKeys("cpu", "memory", "ephemeral-storage");
    assertThat(burst.main().getResources().getLimits()).isNullOrEmpty();
    var guaranteed =
        new ResourcesFeature()
            .apply(
                populated(),
                ctx(Map.of("qos", "guaranteed", "gpu", 2, "gpuVendor", "AMD"), Map.of()));
    var limits = guaranteed.main().getResources().getLimits();
    assertThat(limits.get("memory").toString()).isEqualTo("4096M");
    assertThat(limits.get("amd.com/gpu").toString()).isEqualTo("2");
    assertThat(guaranteed.main().getResources().getRequests()).doesNotContainKey("amd.com/gpu");
  }

  @Test
  void secretsAreNotRepeated() {
    var input =
        new StepPod(
            populated().pod(),
            new ContainerBuilder(populated().main())
                .addNewEnvFrom()
                .withNewSecretRef()
                .withName("s1")
                .endSecretRef()
                .endEnvFrom()
                .build());
    var out =
        new SecretsFeature()
            .apply(
                input,
                ctx(
                    Map.of("secrets", List.of("s1", "s2")),
                    Map.of("METAFLOW_KUBERNETES_SECRETS", "s2,s1")));
    assertThat(out.main().getEnvFrom())
        .extracting(e -> e.getSecretRef().getName())
        .containsExactly("s1", "s2");
  }

  @Test
  void scriptRunsTheInitScriptThenExecsTheStepCommandQuoted() {
    String script = CommandFeature.script(List.of("com.example.F", "step", "a b", "--tag", "it's"));
    assertThat(script)
        .isEqualTo(
            "set -e\n"
                + "if [ -n \"${METAFLOW_INIT_SCRIPT:-}\" ]; then eval \"$METAFLOW_INIT_SCRIPT\";"
                + " fi\n"
                + "exec java -cp \"$FLOWLINE_CLASSPATH\" dev.flowline.Flowline com.example.F step"
                + " 'a b' --tag 'it'\\''s'\n");
  }

  @Test
  void jobNamesAreDnsLabelsThatLeaveRoomForThePodSuffix() {
    String name = JobRenderer.jobName(task(Map.of(), Map.of()));
    assertThat(name).matches("trainflow-train-[0-9a-f]{8}");
    String longName =
        LabelValues.dnsName("id", JobRenderer.MAX_JOB_NAME, "A".repeat(80), "Some_Step");
    assertThat(longName).hasSizeLessThanOrEqualTo(57).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  }

  @Test
  void labelValuesAreMadeSafe() {
    assertThat(LabelValues.safe("HelloFlow")).isEqualTo("HelloFlow");
    assertThat(LabelValues.safe("run 2026:11")).matches("run-2026-11-[0-9a-f]{8}");
    assertThat(LabelValues.safe("x".repeat(100))).hasSize(63);
    assertThat(LabelValues.safe("x".repeat(100))).isNotEqualTo(LabelValues.safe("x".repeat(101)));
  }

  @Test
  void theJvmTemporaryDirectoryIsMetaflowTempdirWhenTheContainerHasIt() {
    var ctx = ctx(Map.of(), Map.of());
    var bare = new StepPod(new PodBuilder().build(), new ContainerBuilder().withName("m").build());
    assertThat(new CommandFeature().apply(bare, ctx).main().getCommand().get(2))
        .contains("exec java -cp ")
        .doesNotContain("java.io.tmpdir");
    var withTempdir =
        new StepPod(
            new PodBuilder().build(),
            new ContainerBuilder()
                .withName("m")
                .addNewEnv()
                .withName("METAFLOW_TEMPDIR")
                .withValue("/scratch")
                .endEnv()
                .build());
    String before = JSON.asJson(withTempdir.main());
    assertThat(new CommandFeature().apply(withTempdir, ctx).main().getCommand().get(2))
        .contains("exec java -Djava.io.tmpdir=\"$METAFLOW_TEMPDIR\" -cp \"$FLOWLINE_CLASSPATH\"");
    assertThat(JSON.asJson(withTempdir.main())).isEqualTo(before);
  }

  @Test
  void fetchModePutsTheFetcherAndTheCodeUrlFirstInTheEnvironment() {
    var step = ctx(Map.of(), Map.of());
    var withUrl =
        new StepContext(
            step.settings(), step.command(), step.user(), Optional.of("https://store/manifest"));
    StepPod out = new CodePackageFeature().apply(populated(), withUrl);
    assertThat(out.main().getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly(
            "FLOWLINE_BOOTSTRAP=" + dev.flowline.kubernetes.codepackage.FetcherJar.base64(),
            "FLOWLINE_CODE_URL=https://store/manifest",
            "PRE=1");
    assertThat(new CodePackageFeature().apply(populated(), step).main().getEnv().get(1).getValue())
        .isEqualTo(CodePackageFeature.NO_CODE_URL);
  }

  @Test
  void imageModeSetsJibsClassPathAndNothingIsFetched() {
    var ctx = ctx(Map.of(), Map.of("METAFLOW_KUBERNETES_CODE_PACKAGE", "image"));
    StepPod out = new CodePackageFeature().apply(populated(), ctx);
    assertThat(out.main().getEnv())
        .extracting(e -> e.getName() + "=" + e.getValue())
        .containsExactly("FLOWLINE_CLASSPATH=/app/resources:/app/classes:/app/libs/*", "PRE=1");
    assertThat(new CommandFeature().apply(populated(), ctx).main().getCommand().get(2))
        .doesNotContain("CodeFetcher")
        .doesNotContain("FLOWLINE_BOOTSTRAP");
  }

  @Test
  void aStepsOwnClassPathIsUsedAsItIs() {
    var input =
        new StepPod(
            populated().pod(),
            new ContainerBuilder(populated().main())
                .addNewEnv()
                .withName("FLOWLINE_CLASSPATH")
                .withValue("/opt/app/*")
                .endEnv()
                .build());
    assertThat(new CodePackageFeature().apply(input, ctx(Map.of(), Map.of()))).isSameAs(input);
  }

  @Test
  void theFetchScriptUsesAGivenClassPathThenJibsLayoutThenTheFetcher() {
    String script = CommandFeature.script(List.of("com.example.F", "step"), false, true);
    assertThat(script)
        .isEqualTo(
            "set -e\n"
                + "if [ -n \"${METAFLOW_INIT_SCRIPT:-}\" ]; then eval \"$METAFLOW_INIT_SCRIPT\";"
                + " fi\n"
                + "if [ -z \"${FLOWLINE_CLASSPATH:-}\" ]; then\n"
                + "  if [ -d /app/libs ]; then\n"
                + "    FLOWLINE_CLASSPATH='/app/resources:/app/classes:/app/libs/*'\n"
                + "  else\n"
                + "    d=\"${TMPDIR:-/tmp}\"; [ -w \"$d\" ] || d=\"$PWD\"; d=\"$d/flowline-code\"\n"
                + "    mkdir -p \"$d\"\n"
                + "    printf '%s' \"$FLOWLINE_BOOTSTRAP\" | base64 -d > \"$d/fetcher.jar\"\n"
                + "    FLOWLINE_CLASSPATH=\"$(java -cp \"$d/fetcher.jar\""
                + " dev.flowline.kubernetes.bootstrap.CodeFetcher \"$FLOWLINE_CODE_URL\""
                + " \"$d/code\")\" || exit $?\n"
                + "  fi\n"
                + "fi\n"
                + "exec java -cp \"$FLOWLINE_CLASSPATH\" dev.flowline.Flowline com.example.F step\n");
  }
}
