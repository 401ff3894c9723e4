package dev.flowline.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.config.Config;
import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code @Parallel} step on Kubernetes passes {@code run}'s checks (the launcher runs gangs). */
class GangRunCheckTest {
  @TempDir Path tmp;

  private static FlowModel flow(List<DecoratorSpec> trainDecorators) {
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
            2);
    var train =
        new StepModel(
            "train",
            StepType.LINEAR,
            List.of("join"),
            Optional.empty(),
            List.of("start"),
            trainDecorators,
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

  private Config config() {
    var env = new HashMap<String, String>();
    env.put("METAFLOW_HOME", tmp.resolve("home").toString());
    env.put("METAFLOW_DEFAULT_DATASTORE", "s3");
    env.put("METAFLOW_DATASTORE_SYSROOT_S3", "s3://bucket/flowline");
    return Config.load(env, tmp);
  }

  private static DecoratorSpec decorator(String name) {
    return new DecoratorSpec(name, Map.of(), DecoratorSpec.Origin.ANNOTATION);
  }

  @Test
  void aGangOnKubernetesIsAccepted() {
    assertThat(
            new KubernetesRunCheck()
                .check(flow(List.of(decorator("parallel"), decorator("kubernetes"))), config()))
        .isEmpty();
  }

  @Test
  void aLocalGangBesideKubernetesStepsIsFine() {
    assertThat(new KubernetesRunCheck().check(flow(List.of(decorator("parallel"))), config()))
        .isEmpty();
  }
}
