package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.Run;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Metaflow's artifact rule, end to end through {@code bin/flowline} and read back with the client:
 * a task's artifacts are its input's plus every field its step assigned, whatever the control flow;
 * a join passes on only parameters, its own assignments and what it merges; {@code @Catch} keeps
 * the assignments made before the exception; a retry starts from the input.
 */
class ArtifactSemanticsEndToEndTest {
  /** What ConditionalWritesFlow prints when its conditional assignments do not run. */
  static final String CONDITIONAL_KEPT =
      "label=keep-me count=42 ratio=0.5 big=7000000000 viaHelper=start viaLambda=start"
          + " inLoop=start baseNote=base-start bodyNote=start,start afterJoin=start";

  /** What CatchRetryFlow prints. */
  static final String CATCH_RETRY =
      "model=v1 first=first-1 second=2 third=0.25 error=the model does not converge"
          + " partial=input attemptSeen=1";

  /** What MergeFlow prints without conflicts. */
  static final String MERGED =
      "mean=50.7 boxedMean=50.7 counts=[1, 2, 3] point=Point[x=1, y=2] list=[1, 2]"
          + " map={k=1} onlyB=only-in-b joinOwn=0";

  @TempDir Path dir;

  private FlowlineCli cli(String... flowFiles) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    for (String file : flowFiles) {
      try (InputStream in = getClass().getResourceAsStream("/flows/artifacts/" + file)) {
        Files.copy(in, work.resolve(file));
      }
    }
    return new FlowlineCli(work);
  }

  private static Run latest(FlowlineCli cli, String flow) throws Exception {
    return cli.client().flow(flow).latestRun().orElseThrow();
  }

  @Test
  void aConditionalAssignmentThatDoesNotRunKeepsTheEarlierValueEverywhere() throws Exception {
    var cli = cli("ConditionalWritesFlow.java");
    var r = cli.run("ConditionalWritesFlow.java", "run");
    assertThat(r.code()).as(r.all()).isZero();
    String expected = CONDITIONAL_KEPT;
    assertThat(r.out()).contains(expected);
    Run run = latest(cli, "ConditionalWritesFlow");
    assertThat(run.step("end").task().artifact("summary", String.class)).isEqualTo(expected);
    // the middle step assigned nothing: every artifact is its input's, by reference
    var middle = run.step("middle").task();
    assertThat(middle.artifact("label", String.class)).isEqualTo("keep-me");
    assertThat(middle.artifact("count", Integer.class)).isEqualTo(42);
    assertThat(middle.artifact("big", Long.class)).isEqualTo(7_000_000_000L);
  }

  @Test
  void theSameAssignmentsWhenTheyRunChangeTheValues() throws Exception {
    var cli = cli("ConditionalWritesFlow.java");
    var r = cli.run("ConditionalWritesFlow.java", "run", "--change", "true");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out())
        .contains(
            "label=changed count=999 ratio=-1.5 big=-1 viaHelper=helper viaLambda=lambda"
                + " inLoop=loop-2 baseNote=base-changed bodyNote=outer-b,start"
                + " afterJoin=changed-after-join");
  }

  @Test
  void catchKeepsAssignmentsBeforeTheExceptionAndRetryStartsFromTheInput() throws Exception {
    var cli = cli("CatchRetryFlow.java");
    var r = cli.run("CatchRetryFlow.java", "run");
    assertThat(r.code()).as(r.all()).isZero();
    String expected = CATCH_RETRY;
    assertThat(r.out()).contains(expected);
    Run run = latest(cli, "CatchRetryFlow");
    var risky = run.step("risky").task();
    assertThat(risky.artifact("model", String.class)).isEqualTo("v1");
    assertThat(risky.artifact("first", String.class)).isEqualTo("first-1");
    assertThat(risky.artifact("third", Double.class)).isEqualTo(0.25);
    assertThat(run.step("flaky").task().artifact("partial", String.class)).isEqualTo("input");
  }

  @Test
  void mergeArtifactsTreatsPrimitivesBoxedArraysRecordsAndCollectionsAlike() throws Exception {
    var cli = cli("MergeFlow.java");
    var r = cli.run("MergeFlow.java", "run");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains(MERGED);
    var join = latest(cli, "MergeFlow").step("join").task();
    assertThat(join.artifact("mean", Double.class)).isEqualTo(50.7);
    assertThat(join.artifacts().stream().map(dev.flowline.client.Artifact::name).toList())
        .doesNotContain("differs");
  }

  @Test
  void conflictingArtifactsAreAllReportedWithTheFix() throws Exception {
    var cli = cli("MergeFlow.java");
    var r = cli.run("MergeFlow.java", "run", "--conflict", "true");
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.all())
        .contains("mergeArtifacts in join step 'join' merged nothing")
        .contains("'mean' differs between the inputs: a/")
        .contains("'point' differs between the inputs")
        .contains("mergeArtifacts(inputs, \"mean\", \"point\")")
        .doesNotContain("'joinOwn' differs")
        .doesNotContain("'differs' differs");
  }

  @Test
  void theIncludeFormMergesOnlyTheNamedArtifacts() throws Exception {
    var cli = cli("IncludeMergeFlow.java");
    var r = cli.run("IncludeMergeFlow.java", "run");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("wanted=w");
    var join = latest(cli, "IncludeMergeFlow").step("join").task();
    assertThat(join.artifacts().stream().map(dev.flowline.client.Artifact::name).toList())
        .contains("wanted")
        .doesNotContain("unwanted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"check", "run"})
  void aReadAfterAJoinThatNoInputPathProvidesIsCaughtBeforeTheRun(String command) throws Exception {
    var cli = cli("JoinWithoutMergeFlow.java");
    var r = cli.run("JoinWithoutMergeFlow.java", command);
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.all())
        .contains("step 'end' reads artifact 'mode'")
        .contains("join step 'join'")
        .contains("mergeArtifacts(inputs)");
    assertThat(cli.workDir().resolve(".metaflow")).doesNotExist();
  }

  @Test
  void aHiddenReadAfterAJoinFailsAtTheFirstReadAndConstantsStayReadable() throws Exception {
    var cli = cli("HiddenReadAfterJoinFlow.java");
    var r = cli.run("HiddenReadAfterJoinFlow.java", "run");
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.all())
        .contains(
            "step 'end' read artifact 'mode', but join step 'join' neither assigned nor merged it")
        .contains("call mergeArtifacts(inputs)")
        .doesNotContain("mode=default");
    Run run = latest(cli, "HiddenReadAfterJoinFlow");
    assertThat(run.step("join").task().artifact("seen", String.class)).isEqualTo("topK=5");
  }

  @Test
  void checkReportsAForeachOverAMissingOrNonCollectionField() throws Exception {
    var cli = cli("ForeachTypoFlow.java");
    var r = cli.run("ForeachTypoFlow.java", "check");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.all())
        .contains("foreach(\"itemz\", ...)")
        .contains("no field 'itemz'")
        .contains("items")
        .contains("foreach(\"count\", ...)")
        .contains("int")
        .doesNotContain("NullPointerException");
  }

  @Test
  void resumingAcrossAnIncompatibleClassChangeNamesTheArtifactTheClassAndTheFix() throws Exception {
    var cli = cli();
    Path flow = cli.workDir().resolve("EvolvingFlow.java");
    copy("evolving/EvolvingFlow.v1", flow);
    var first = cli.run("EvolvingFlow.java", "run", "--run-id-file", "id.txt");
    assertThat(first.code()).as(first.all()).isZero();
    String id = Files.readString(cli.workDir().resolve("id.txt")).trim();
    copy("evolving/EvolvingFlow.v2", flow);
    var resumed = cli.run("EvolvingFlow.java", "resume", "end", "--origin-run-id", id);
    assertThat(resumed.code()).as(resumed.all()).isEqualTo(1);
    assertThat(resumed.all())
        .contains("artifact 'model'")
        .contains("class EvolvingFlow$Model changed incompatibly since the artifact was saved")
        .contains("serialVersionUID")
        .contains("re-run the step that produced 'model'")
        .doesNotContain("at java.base/java.io.ObjectInputStream");
  }

  private static void copy(String resource, Path to) throws Exception {
    try (InputStream in =
        ArtifactSemanticsEndToEndTest.class.getResourceAsStream("/flows/artifacts/" + resource)) {
      Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
