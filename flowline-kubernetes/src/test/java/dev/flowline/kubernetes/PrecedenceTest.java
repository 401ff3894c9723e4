package dev.flowline.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where each value comes from: environment vs project file vs profile file vs {@code @Kubernetes}
 * vs {@code --with} vs {@code @Resources}, and the merge rules for labels, annotations, secrets and
 * security.
 */
class PrecedenceTest {
  @TempDir Path tmp;

  private void write(Path file, String json) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, json);
  }

  private Fixtures withFiles(String project, String profile) throws IOException {
    write(tmp.resolve(".metaflow/config.json"), project);
    write(tmp.resolve("home/config_ml.json"), profile);
    return Fixtures.in(tmp).env("METAFLOW_PROFILE", "ml");
  }

  @Test
  void profileFileIsUsedWhenNothingElseSetsTheKey() throws IOException {
    var f =
        withFiles(
            "{}",
            "{\"METAFLOW_KUBERNETES_CPU\": \"2\", \"METAFLOW_KUBERNETES_NAMESPACE\": \"prof\"}");
    var s = f.kubernetes().resolve();
    assertThat(s.cpu()).isEqualByComparingTo("2");
    assertThat(s.namespace()).isEqualTo("prof");
  }

  @Test
  void projectFileBeatsProfile() throws IOException {
    var f = withFiles("{\"METAFLOW_KUBERNETES_CPU\": 3}", "{\"METAFLOW_KUBERNETES_CPU\": \"2\"}");
    assertThat(f.kubernetes().resolve().cpu()).isEqualByComparingTo("3");
  }

  @Test
  void environmentBeatsProjectFile() throws IOException {
    var f = withFiles("{\"METAFLOW_KUBERNETES_CPU\": 3}", "{}").env("METAFLOW_KUBERNETES_CPU", "4");
    assertThat(f.kubernetes().resolve().cpu()).isEqualByComparingTo("4");
  }

  @Test
  void configFilesMayHoldListAndObjectKeysAsNativeJson() throws IOException {
    var f =
        withFiles(
            "{\"METAFLOW_KUBERNETES_LABELS\": {\"team\": \"ml\", \"tier\": 1},"
                + " \"METAFLOW_KUBERNETES_SECRETS\": [\"a\", \"b\"],"
                + " \"METAFLOW_KUBERNETES_TOLERATIONS\": [{\"key\": \"gpu\", \"operator\":"
                + " \"Exists\"}], \"METAFLOW_KUBERNETES_NODE_SELECTOR\": \"disk=ssd\"}",
            "{\"METAFLOW_KUBERNETES_PERSISTENT_VOLUME_CLAIMS\": {\"data\": \"/data\"},"
                + " \"METAFLOW_KUBERNETES_IMAGE_PULL_SECRETS\": \"[\\\"regcred\\\"]\"}");
    var s = f.kubernetes().resolve();
    assertThat(s.labels()).containsExactly(Map.entry("team", "ml"), Map.entry("tier", "1"));
    assertThat(s.secrets()).containsExactly("a", "b");
    assertThat(s.tolerations()).extracting(t -> t.key()).containsExactly("gpu");
    assertThat(s.nodeSelector()).containsExactly(Map.entry("disk", "ssd"));
    assertThat(s.persistentVolumeClaims()).containsExactly(Map.entry("data", "/data"));
    assertThat(s.imagePullSecrets()).containsExactly("regcred");
  }

  @Test
  void withBeatsEnvironment() throws IOException {
    var f = withFiles("{}", "{}").env("METAFLOW_KUBERNETES_CPU", "4").with("cpu", "5");
    assertThat(f.resolve().cpu()).isEqualByComparingTo("5");
  }

  @Test
  void annotationBeatsWith() throws IOException {
    var f =
        withFiles("{}", "{}")
            .env("METAFLOW_KUBERNETES_CPU", "4")
            .with("cpu", "5")
            .kubernetes("cpu", "6");
    assertThat(f.resolve().cpu()).isEqualByComparingTo("6");
  }

  @Test
  void resourcesWinsWhenLargerForCpuMemoryAndDisk() {
    var bigger =
        Fixtures.in(tmp)
            .kubernetes("cpu", "2", "memory", 1000, "disk", 5000)
            .decorator("resources", "cpu", "8", "memory", 16000, "disk", 60000)
            .resolve();
    assertThat(bigger.cpu()).isEqualByComparingTo("8");
    assertThat(bigger.memoryMb()).isEqualTo(16000);
    assertThat(bigger.diskMb()).isEqualTo(60000);
    var smaller =
        Fixtures.in(tmp)
            .kubernetes("cpu", "2", "memory", 9000)
            .decorator("resources", "cpu", "500m", "memory", 100, "disk", 0)
            .resolve();
    assertThat(smaller.cpu()).isEqualByComparingTo("2");
    assertThat(smaller.memoryMb()).isEqualTo(9000);
    assertThat(smaller.diskMb()).isEqualTo(10240);
  }

  @Test
  void resourcesIsComparedWithTheConfiguredValueToo() {
    var s =
        Fixtures.in(tmp)
            .env("METAFLOW_KUBERNETES_MEMORY", "20000")
            .kubernetes()
            .decorator("resources", "memory", 8000)
            .resolve();
    assertThat(s.memoryMb()).isEqualTo(20000);
  }

  @Test
  void gpuFromTheAnnotationElseFromResources() {
    assertThat(Fixtures.in(tmp).kubernetes().decorator("resources", "gpu", 2).resolve().gpu())
        .isEqualTo(2);
    assertThat(
            Fixtures.in(tmp).kubernetes("gpu", 1).decorator("resources", "gpu", 4).resolve().gpu())
        .isEqualTo(1);
  }

  @Test
  void labelsAndAnnotationsMergePerKeyWithTheStepWinning() {
    // the step's value is the annotation's (it wins over --with as one attribute), merged over the
    // configuration per key
    var s =
        Fixtures.in(tmp)
            .env("METAFLOW_KUBERNETES_LABELS", "team=data,env=prod,tier=gold")
            .env("METAFLOW_KUBERNETES_ANNOTATIONS", "owner=data")
            .with("labels", "env=dev")
            .kubernetes("labels", List.of("team=ml"), "annotations", List.of("owner=ml"))
            .resolve();
    assertThat(s.labels())
        .containsExactly(
            Map.entry("team", "ml"), Map.entry("env", "prod"), Map.entry("tier", "gold"));
    assertThat(s.annotations()).containsExactly(Map.entry("owner", "ml"));
  }

  @Test
  void secretsAreTheUnionWithoutDuplicates() {
    var s =
        Fixtures.in(tmp)
            .env("METAFLOW_KUBERNETES_SECRETS", "common,db")
            .with("secrets", "extra")
            .kubernetes("secrets", List.of("db", "api"))
            .resolve();
    // the annotation's list wins over --with's, then the configuration's are added
    assertThat(s.secrets()).containsExactly("db", "api", "common");
  }

  @Test
  void securityContextOfTheAnnotationReplacesTheOneOfWith() {
    var s =
        Fixtures.in(tmp)
            .with("securityContext", "runAsUser=5,runAsGroup=6")
            .kubernetes("securityContext", List.of("runAsUser=7"))
            .resolve();
    assertThat(s.security().runAsUser()).contains(7L);
    assertThat(s.security().runAsGroup()).isEmpty();
  }

  @Test
  void listValuedSettingsAreReplacedNotMerged() {
    var s =
        Fixtures.in(tmp)
            .env("METAFLOW_KUBERNETES_TOLERATIONS", "[{\"key\": \"a\", \"operator\": \"Exists\"}]")
            .env("METAFLOW_KUBERNETES_NODE_SELECTOR", "zone=a")
            .kubernetes(
                "tolerations",
                List.of("{\"key\": \"b\", \"operator\": \"Exists\"}"),
                "nodeSelector",
                List.of("disk=ssd"))
            .resolve();
    assertThat(s.tolerations()).extracting(t -> t.key()).containsExactly("b");
    assertThat(s.nodeSelector()).containsExactly(Map.entry("disk", "ssd"));
  }

  @Test
  void registryIsPrefixedOnlyToImagesWithoutOne() {
    var f = Fixtures.in(tmp).env("METAFLOW_KUBERNETES_CONTAINER_REGISTRY", "reg.example.com/");
    assertThat(f.kubernetes("image", "python:3").resolve().image())
        .isEqualTo("reg.example.com/python:3");
    var g = Fixtures.in(tmp).env("METAFLOW_KUBERNETES_CONTAINER_REGISTRY", "reg.example.com");
    assertThat(g.kubernetes("image", "ghcr.io/org/img:1").resolve().image())
        .isEqualTo("ghcr.io/org/img:1");
    assertThat(ImageReference.hasRegistry("localhost:5000/img")).isTrue();
    assertThat(ImageReference.hasRegistry("org/sub.dir/img")).isFalse();
    assertThat(ImageReference.hasRegistry("library/python:3.11")).isFalse();
  }

  @Test
  void defaultImageMatchesTheRunningJava() {
    assertThat(Fixtures.in(tmp).kubernetes().resolve().image())
        .isEqualTo("eclipse-temurin:" + Runtime.version().feature() + "-jre");
  }

  @Test
  void tmpfsDefaultsToHalfTheFinalMemoryAndTimeoutSetsTheDeadline() {
    var s =
        Fixtures.in(tmp)
            .kubernetes("useTmpfs", true, "memory", 2000)
            .decorator("resources", "memory", 9000)
            .decorator("timeout", "minutes", 2)
            .resolve();
    assertThat(s.tmpfs()).hasValueSatisfying(t -> assertThat(t.sizeMb()).isEqualTo(4500));
    assertThat(s.runtimeLimitSeconds()).isEqualTo(120);
    assertThat(
            Fixtures.in(tmp)
                .env("METAFLOW_DEFAULT_RUNTIME_LIMIT", "900")
                .kubernetes()
                .resolve()
                .runtimeLimitSeconds())
        .isEqualTo(900);
  }

  @Test
  void cpuAcceptsMillicoresAndNumbers() {
    assertThat(Fixtures.in(tmp).kubernetes("cpu", "250m").resolve().cpu())
        .isEqualByComparingTo(new BigDecimal("0.25"));
    assertThat(Fixtures.in(tmp).with("cpu", 3).resolve().cpu()).isEqualByComparingTo("3");
  }
}
