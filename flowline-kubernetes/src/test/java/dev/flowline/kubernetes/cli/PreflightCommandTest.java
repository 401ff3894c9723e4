package dev.flowline.kubernetes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.kubernetes.TestSteps;
import dev.flowline.kubernetes.preflight.ClusterPreflight;
import dev.flowline.testkit.cluster.TestAccounts;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code FLOW kubernetes preflight} on the test cluster: what it prints and its exit codes. */
@ExtendWith(TestClusterExtension.class)
class PreflightCommandTest {
  @TempDir Path tmp;

  private TestSteps steps(TestNamespace ns, Path kubeconfig) {
    return TestSteps.in(tmp, ns.name())
        .env("KUBECONFIG", kubeconfig.toString())
        .step("start", "secrets", List.of("db"))
        .step("end");
  }

  private static String server(TestNamespace ns) throws Exception {
    return Config.fromKubeconfig(Files.readString(ns.cluster().kubeconfig())).getMasterUrl();
  }

  @Test
  void problemsGoToStandardErrorWithExitCode2AndNothingIsCreated(TestNamespace ns) {
    var s = steps(ns, ns.cluster().kubeconfig());

    var r = KubernetesCommands.run(s.model(), s.config(), "preflight");

    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "1 cluster problem:\n  - step 'start': secret: value \"db\" does not exist in"
                + " namespace \""
                + ns.name()
                + "\": the pod reads it into its environment, so its container cannot start"
                + " (CreateContainerConfigError). Use e.g. kubectl -n "
                + ns.name()
                + " create secret generic db --from-literal=KEY=VALUE, or remove it from"
                + " @Kubernetes(secrets) and METAFLOW_KUBERNETES_SECRETS.\nNothing was"
                + " submitted.\n");
    assertThat(ns.client().batch().v1().jobs().list().getItems()).isEmpty();
  }

  @Test
  void aRunThatCanStartPasses(TestNamespace ns) throws Exception {
    ns.client()
        .secrets()
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("db")
                .endMetadata()
                .build())
        .create();
    var s = steps(ns, ns.cluster().kubeconfig());

    var r = KubernetesCommands.run(s.model(), s.config(), "preflight");

    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .isEqualTo(
            "Cluster preflight passed: steps 'start', 'end' in namespace \""
                + ns.name()
                + "\" on "
                + server(ns)
                + ".\n");
  }

  @Test
  void contextChoosesTheClusterAndTheAccount(TestNamespace ns) throws Exception {
    Path kubeconfig = TestAccounts.kubeconfig(ns, tmp, "runner", ClusterPreflight.requiredRules());
    var s = steps(ns, kubeconfig);

    var current = KubernetesCommands.run(s.model(), s.config(), "preflight");
    var chosen =
        KubernetesCommands.run(
            s.model(), s.config(), "preflight", "--context", TestAccounts.CONTEXT);
    var unknown = KubernetesCommands.run(s.model(), s.config(), "preflight", "--context", "nope");

    assertThat(current.code()).as(current.all()).isEqualTo(2);
    assertThat(current.err())
        .startsWith(
            "1 cluster problem:\n  - steps 'start', 'end': cluster: value"
                + " \""
                + TestAccounts.UNREACHABLE_SERVER
                + "/\" cannot be reached: ")
        .endsWith(
            "Use e.g. check the server and credentials of the kubeconfig (KUBECONFIG, --context):"
                + " kubectl get namespaces shows whether they work.\nNothing was submitted.\n");
    assertThat(chosen.code()).as(chosen.all()).isZero();
    assertThat(chosen.out()).startsWith("Cluster preflight passed: steps 'start', 'end'");
    assertThat(chosen.err())
        .isEqualTo(
            "note: namespace \""
                + ns.name()
                + "\": not checked, the account may not read namespaces (HTTP 403); the checks"
                + " of its objects tell.\n"
                + "note: service account \"default\" in namespace \""
                + ns.name()
                + "\": not checked, the account may not read it (HTTP 403).\n"
                + "note: secret \"db\" in namespace \""
                + ns.name()
                + "\": not checked, the account may not read it (HTTP 403).\n"
                + "note: resource quotas of namespace \""
                + ns.name()
                + "\": not checked, the account may not read them (HTTP 403): a quota may still"
                + " refuse the steps' pods.\n"
                + "note: nodes: not checked, the account may not read them (HTTP 403): whether"
                + " some node fits each step's pod is unknown (the scheduler tells at run time).\n");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err())
        .isEqualTo(
            "kubernetes preflight: the kubeconfig "
                + kubeconfig
                + " has no context \"nope\"; its contexts: limited, elsewhere. Give one of them"
                + " (kubectl config get-contexts lists them).\n");
  }
}
