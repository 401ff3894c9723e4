package dev.flowline.argo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.argo.flows.AFlowWhoseNameIsFarTooLongForAnArgoDeploymentName;
import dev.flowline.argo.flows.CaseClashFlow;
import dev.flowline.argo.flows.LinearFlow;
import dev.flowline.argo.flows.ProjectFlow;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code argo-workflows create} refuses before anything is created (exit code 2, nothing on
 * standard output), and how deployments are named.
 */
class CreateBadInputTest {
  @TempDir Path work;

  @Test
  void aFlowNameOverTheDeploymentLimitIsRefusedWithTheFix() {
    var r =
        ArgoCli.run(
            AFlowWhoseNameIsFarTooLongForAnArgoDeploymentName.class,
            ArgoCli.env(work),
            work,
            "create",
            "--only-json");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains(
            "argo-workflows create: the flow's name: value"
                + " \"aflowwhosenameisfartoolongforanargodeploymentname\" has 49 characters; a"
                + " deployment name has at most 45")
        .contains("Give a shorter one with --name, e.g. --name aflowwhosenameisfart.")
        .contains("Nothing was created.");
  }

  @Test
  void aNameGivenWithNameThatIsNotValidIsRefused() {
    var r =
        ArgoCli.run(
            LinearFlow.class,
            ArgoCli.env(work),
            work,
            "create",
            "--only-json",
            "--name",
            "Bad_Name");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "--name: value \"Bad_Name\" is not a valid deployment name (lower-case letters,"
                + " digits, '.' and '-', starting with a letter and ending with a letter or digit)."
                + " Give one with --name, e.g. --name badname.");
  }

  @Test
  void stepsThatBecomeTheSameTemplateAreRefusedNamingBoth() {
    var r = ArgoCli.run(CaseClashFlow.class, ArgoCli.env(work), work, "create", "--only-json");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "steps 'fetchData' and 'fetchdata' both become the Argo template \"fetchdata\" (names"
                + " are lower-cased and '_' becomes '-'). Rename one of them.");
  }

  @Test
  void aProjectFlowIsNamedByProjectBranchAndFlow() throws Exception {
    var user = ArgoCli.run(ProjectFlow.class, ArgoCli.env(work), work, "create", "--only-json");
    assertThat(user.code()).as(user.all()).isZero();
    var wt = new ObjectMapper().readTree(user.out());
    assertThat(wt.at("/metadata/name").asText()).isEqualTo("fraud.user.tester.projectflow");
    assertThat(wt.at("/metadata/annotations/flowline.dev~1branch").asText())
        .isEqualTo("user.tester");

    var prod =
        ArgoCli.run(
            ProjectFlow.class, ArgoCli.env(work), work, "create", "--only-json", "--production");
    assertThat(new ObjectMapper().readTree(prod.out()).at("/metadata/name").asText())
        .isEqualTo("fraud.prod.projectflow");
    var test =
        ArgoCli.run(
            ProjectFlow.class,
            ArgoCli.env(work),
            work,
            "create",
            "--only-json",
            "--branch",
            "exp1");
    assertThat(new ObjectMapper().readTree(test.out()).at("/metadata/name").asText())
        .isEqualTo("fraud.test.exp1.projectflow");
  }

  @Test
  void branchesNeedAProject() {
    var r =
        ArgoCli.run(
            LinearFlow.class, ArgoCli.env(work), work, "create", "--only-json", "--production");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains("--production: flow LinearFlow has no @Project, so it has no branches.");
  }
}
