package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each bad input: a message naming the thing, the value and the fix; exit code 2; nothing written.
 */
class BadInputTest {
  @TempDir Path dir;

  static Stream<Arguments> badInputs() {
    String params = "dev.flowline.examples.ParameterFlow";
    return Stream.of(
        Arguments.of(
            new String[] {params, "run", "--dataset", "d", "--bogus", "3"},
            "unknown option or flow parameter '--bogus' (value \"3\")"),
        Arguments.of(
            new String[] {params, "run", "--dataset", "d", "--epochs", "many"},
            "parameter --epochs: value \"many\" is not an int (a whole number from -2147483648 to"
                + " 2147483647). Give e.g. --epochs 3."),
        Arguments.of(
            new String[] {params, "run"},
            "parameter --dataset is required but was not given (name of the dataset to use). Pass --dataset"
                + " text or set METAFLOW_RUN_DATASET."),
        Arguments.of(
            new String[] {params, "run", "--dataset", "d", "--config", "[1,"},
            "parameter --config: value \"[1,\" is not valid JSON for TrainingConfig"),
        Arguments.of(
            new String[] {params, "run", "--dataset", "d", "--config", "{\"learningRate\":0.1}"},
            "parameter --config: value \"{\"learningRate\":0.1}\" lacks layers: every component"
                + " of TrainingConfig(learningRate, layers) must be given."),
        Arguments.of(
            new String[] {params, "run", "--dataset", "d", "--ratio", "1e400"},
            "parameter --ratio: value \"1e400\" is too large for a double"),
        Arguments.of(
            new String[] {params, "run", "--dataset", "d", "--with", "retri"},
            "--with retri: unknown decorator 'retri'"),
        Arguments.of(
            new String[] {"dev.flowline.examples.HelloFlow", "resume", "--origin-run-id", "42"},
            "resume --origin-run-id: flow HelloFlow has no run '42'"),
        Arguments.of(
            new String[] {"dev.flowline.examples.HelloFlow", "dump", "42/start/1"},
            "dump: flow HelloFlow has no run '42'"),
        Arguments.of(
            new String[] {"dev.flowline.examples.HelloFlow", "logs", "42/start"},
            "logs: flow HelloFlow has no run '42'"),
        Arguments.of(
            new String[] {"dev.flowline.examples.HelloFlow", "run", "--tag", ""},
            "--tag: tag '' is empty: a tag must be a non-empty string, e.g. 'experiment-3'."),
        Arguments.of(
            new String[] {"dev.flowline.examples.HelloFlow", "run", "--max-workers", "0"},
            "--max-workers 0: must be at least 1"),
        Arguments.of(
            new String[] {
              "dev.flowline.examples.HelloFlow", "run", "--run-id-file", "missing/run-id.txt"
            },
            "--run-id-file missing/run-id.txt: the folder "),
        Arguments.of(
            new String[] {"dev.flowline.examples.HelloFlow", "bogus"},
            "unknown command 'bogus'. Known commands: run, resume, show, check, dump, logs, tag"),
        Arguments.of(
            new String[] {"dev.flowline.examples.HelloFlow"},
            "missing command. Give one of: run, resume, show, check, dump, logs, tag"),
        Arguments.of(
            new String[] {"dev.flowline.examples.HelloFlow", "kubernetes"},
            "'dev.flowline.examples.HelloFlow kubernetes': missing command. Give one of: render"),
        Arguments.of(
            new String[] {"configure", "bogus"},
            "'flowline configure': unknown command 'bogus'. Known commands: show. Fix its name."),
        Arguments.of(
            new String[] {"dev.flowline.examples.HelloFlow", "dump", "garbage"},
            "dump: 'garbage' is not RUN/STEP or RUN/STEP/TASK. Give e.g. 1700000000000000123/start."
                + " It has no runs yet"),
        Arguments.of(
            new String[] {"dev.flowline.examples.NoSuchFlow", "run"},
            "FLOW 'dev.flowline.examples.NoSuchFlow': no class of that name on the class path"),
        Arguments.of(new String[] {"BadGraphFlow.java", "run"}, "flow BadGraphFlow has 2 problems"),
        Arguments.of(
            new String[] {"ReservedParameterFlow.java", "run", "--mode", "slow"},
            "parameter 'tags' (field tags): 'tags' is a reserved option name"),
        Arguments.of(
            new String[] {"BadGraphFlow.java", "check"}, "flow BadGraphFlow has 2 problems"),
        Arguments.of(
            new String[] {"SameLineBranchFlow.java", "check"},
            "step 'start': it calls next()/foreach() with different targets on different paths"
                + " (line 9: next(this::a), next(this::b)), but a step makes exactly one transition"
                + " (conditional transitions are not supported yet)"),
        Arguments.of(
            new String[] {"UnstorableFlow.java", "run"},
            "field UnstorableFlow.worker has type java.lang.Thread, which cannot be stored as an artifact"));
  }

  @ParameterizedTest
  @MethodSource("badInputs")
  void isRejectedWithExitCodeTwoAndNothingWritten(String[] args, String message) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    for (String f :
        new String[] {
          "BadGraphFlow.java",
          "UnstorableFlow.java",
          "ReservedParameterFlow.java",
          "SameLineBranchFlow.java"
        }) {
      try (var in = getClass().getResourceAsStream("/flows/" + f)) {
        Files.copy(in, work.resolve(f));
      }
    }
    var cli = new FlowlineCli(work);
    var r = cli.run(Map.of(), args);
    assertThat(r.err()).contains(message);
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(work.resolve(".metaflow")).doesNotExist();
  }

  @Test
  void aLocalRootThatIsAFileIsBadUsage() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("afile"), "x");
    var r =
        new FlowlineCli(work)
            .run(
                Map.of("METAFLOW_DATASTORE_SYSROOT_LOCAL", "afile"),
                "dev.flowline.examples.HelloFlow",
                "run");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "METAFLOW_DATASTORE_SYSROOT_LOCAL (from env): value \"afile\": "
                + work.resolve("afile")
                + " is a file; the local datastore is the folder .metaflow in a folder. Give"
                + " METAFLOW_DATASTORE_SYSROOT_LOCAL a folder (it is created if missing), or move"
                + " the file away. Nothing was run.\n");
  }

  @Test
  void aBadS3RetryCountSuggestsAValidCount() throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    var r =
        new FlowlineCli(work)
            .run(
                Map.of("METAFLOW_S3_RETRY_COUNT", "-3"),
                "dev.flowline.examples.HelloFlow",
                "run",
                "--datastore",
                "s3",
                "--datastore-root",
                "s3://bucket/flowline");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "METAFLOW_S3_RETRY_COUNT: value \"-3\" is out of range (from 0 to 100). Use e.g. \"7\".");
  }
}
