package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.Run;
import dev.flowline.examples.ParameterFlow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parameters as Metaflow keeps them: the effective value of every declared parameter (given, from
 * {@code METAFLOW_RUN_<NAME>}, or the default) is part of the run, typed through the client, and a
 * resumed run reuses them.
 */
class ParametersEndToEndTest {
  private static final String FLOW = "dev.flowline.examples.ParameterFlow";

  @TempDir Path dir;

  @Test
  void everyParameterIsPartOfTheRunAndResumeReusesThem() throws Exception {
    var cli = new FlowlineCli(Files.createDirectories(dir.resolve("work")));
    var r =
        cli.run(
            Map.of("METAFLOW_RUN_SEED", "7"),
            FLOW,
            "run",
            "--dataset",
            "iris",
            "--epochs",
            "5",
            "--run-id-file",
            "id.txt");
    assertThat(r.code()).as(r.all()).isZero();
    String id = Files.readString(cli.workDir().resolve("id.txt")).trim();
    Run run = cli.client().flow("ParameterFlow").run(id);
    var params = run.parameters();
    assertThat(params.names())
        .containsExactlyInAnyOrder(
            "dataset", "epochs", "seed", "ratio", "verbose", "trainingConfig");
    assertThat(params.get("dataset", String.class)).isEqualTo("iris");
    assertThat(params.get("epochs", int.class)).isEqualTo(5);
    assertThat(params.get("seed", long.class)).isEqualTo(7L);
    assertThat(params.get("ratio", double.class)).isEqualTo(0.2);
    assertThat(params.get("verbose", boolean.class)).isFalse();
    assertThat(params.get("trainingConfig", ParameterFlow.TrainingConfig.class))
        .isEqualTo(new ParameterFlow.TrainingConfig(0.01, List.of(16)));
    assertThat(run.parametersAsGiven())
        .containsExactlyInAnyOrderEntriesOf(Map.of("dataset", "iris", "epochs", "5", "seed", "7"));

    // resume reruns start with the origin's values; METAFLOW_RUN_SEED is ignored, with a note
    var resumed =
        cli.run(
            Map.of("METAFLOW_RUN_SEED", "8"),
            FLOW,
            "resume",
            "start",
            "--origin-run-id",
            id,
            "--run-id-file",
            "id2.txt");
    assertThat(resumed.code()).as(resumed.all()).isZero();
    assertThat(resumed.err())
        .contains(
            "note: METAFLOW_RUN_SEED is ignored: a resumed run reuses the parameter values of its"
                + " origin run.");
    String id2 = Files.readString(cli.workDir().resolve("id2.txt")).trim();
    Run second = cli.client().flow("ParameterFlow").run(id2);
    assertThat(second.step("start").task().originPathspec()).isEmpty();
    assertThat(second.step("start").task().artifact("summary", String.class))
        .isEqualTo(
            "dataset=iris epochs=5 seed=7 ratio=0.2 verbose=false learningRate=0.01 layers=[16]");
    assertThat(second.parameters().get("seed", long.class)).isEqualTo(7L);

    // a parameter option on resume is bad usage: nothing runs
    var changed = cli.run(FLOW, "resume", "--origin-run-id", id, "--epochs", "9");
    assertThat(changed.code()).isEqualTo(2);
    assertThat(changed.err())
        .contains(
            "resume: --epochs: a resumed run reuses the parameter values of its origin run;"
                + " they cannot be changed.");
    assertThat(cli.client().flow("ParameterFlow").runs()).hasSize(2);
  }

  @Test
  void helpNamesParameterTypesByTheirSimpleName() throws Exception {
    var cli = new FlowlineCli(Files.createDirectories(dir.resolve("work")));
    var r = cli.run(FLOW, "run", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("--config=<TrainingConfig>", "--epochs=<int>", "--dataset=<String>")
        .contains("--max-workers=N", "--max-num-splits=N")
        .doesNotContain("dev.flowline.examples.ParameterFlow$TrainingConfig");
  }
}
