package dev.flowline.kubernetes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.config.Config;
import dev.flowline.kubernetes.TestSteps;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad usage of {@code preflight}, {@code list} and {@code kill}: exit code 2, no cluster asked. */
class KubernetesCommandsUsageTest {
  @TempDir Path tmp;

  /** KUBECONFIG names a file that does not exist: a command that connects fails differently. */
  private TestSteps steps() {
    return TestSteps.in(tmp, "ml")
        .env("KUBECONFIG", tmp.resolve("no-such-kubeconfig").toString())
        .step("start")
        .step("end");
  }

  @Test
  void preflightOfAFlowWithoutKubernetesStepsSaysHowToCheckIt() {
    var start =
        new StepModel(
            "start", StepType.LINEAR, List.of("end"), Optional.empty(), List.of(), List.of(), 0);
    var end =
        new StepModel(
            "end", StepType.END, List.of(), Optional.empty(), List.of("start"), List.of(), 0);
    var flow = new FlowModel("HelloFlow", "com.example.HelloFlow", List.of(start, end), List.of());

    var r = KubernetesCommands.run(flow, steps().config(), "preflight");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "kubernetes preflight: no step of HelloFlow runs on Kubernetes, so there is nothing to"
                + " check. Give --with kubernetes to check every step as 'run --with kubernetes'"
                + " would run it, or add @Kubernetes to a step.\n");
  }

  @Test
  void preflightReportsConfigurationProblemsFirst() {
    var s = steps();

    var r = KubernetesCommands.run(s.model(), s.config(), "preflight", "--datastore", "local");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .startsWith(
            "1 configuration problem:\n  - steps 'start', 'end' (on Kubernetes): datastore:")
        .endsWith("\nNothing was checked against the cluster.\n");
  }

  @Test
  void anUnreadableKubeconfigIsAUsageProblem() {
    var s = steps();

    var r = KubernetesCommands.run(s.model(), s.config(), "preflight");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "kubernetes preflight: cannot read the kubeconfig "
                + tmp.resolve("no-such-kubeconfig")
                + " named by KUBECONFIG: ");
  }

  @Test
  void aKubeconfigThatIsNotOneIsAUsageProblem() throws Exception {
    Path kubeconfig = tmp.resolve("kubeconfig");
    java.nio.file.Files.writeString(kubeconfig, "clusters: [unclosed");
    var s = steps().env("KUBECONFIG", kubeconfig.toString());

    var r = KubernetesCommands.run(s.model(), s.config(), "list", "--run-id", "1");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "kubernetes list: the kubeconfig "
                + kubeconfig
                + " named by KUBECONFIG is not a valid"
                + " kubeconfig: ")
        .endsWith(". Fix it, or point KUBECONFIG at another (kubectl config view shows yours).\n");
  }

  @Test
  void killNeedsAStepAndTaskTheFlowHas() {
    var s = steps();

    var shape =
        KubernetesCommands.run(s.model(), s.config(), "kill", "--run-id", "1", "--task", "3");
    var step =
        KubernetesCommands.run(s.model(), s.config(), "kill", "--run-id", "1", "--task", "train/3");

    assertThat(shape.code()).isEqualTo(2);
    assertThat(shape.err())
        .isEqualTo(
            "kubernetes kill --task: value \"3\" is not STEP/TASK (a step name and a task id). Use"
                + " e.g. --task end/3.\n");
    assertThat(step.code()).isEqualTo(2);
    assertThat(step.err())
        .isEqualTo(
            "kubernetes kill --task: value \"train/3\" names step 'train', which the flow does not"
                + " have (its steps: start, end). Use one of them.\n");
  }

  @Test
  void killNeedsAValidTerminateMode() {
    var s = steps().env("METAFLOW_KUBERNETES_JOB_TERMINATE_MODE", "pause");

    var r = KubernetesCommands.run(s.model(), s.config(), "kill", "--run-id", "1");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "METAFLOW_KUBERNETES_JOB_TERMINATE_MODE (from env): value \"pause\" is not one of stop,"
                + " delete (any case). Use e.g. \"stop\".\n");
  }

  @Test
  void listNeedsAValidNamespace() {
    Config config = steps().env("METAFLOW_KUBERNETES_NAMESPACE", "ML Jobs").config();

    var r = KubernetesCommands.run(steps().model(), config, "list", "--run-id", "1");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "METAFLOW_KUBERNETES_NAMESPACE (from env): value \"ML Jobs\" is not a valid namespace"
                + " (a DNS-1123 label: at most 63 characters of a-z, 0-9 and '-'). Use e.g."
                + " \"ml-jobs\".\n");
  }
}
