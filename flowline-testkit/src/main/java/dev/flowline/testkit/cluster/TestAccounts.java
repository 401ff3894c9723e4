package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Accounts with few permissions on the test cluster: a ServiceAccount bound to a Role with the
 * given rules, and a kubeconfig that authenticates as it with a token from the TokenRequest API.
 */
public final class TestAccounts {
  /** The kubeconfig context of the account. */
  public static final String CONTEXT = "limited";

  /** A second context, current in the kubeconfig, whose server nothing listens on. */
  public static final String UNREACHABLE_CONTEXT = "elsewhere";

  /** The server of {@link #UNREACHABLE_CONTEXT}. */
  public static final String UNREACHABLE_SERVER = "https://127.0.0.1:1";

  private TestAccounts() {}

  /**
   * A kubeconfig in {@code dir} for ServiceAccount {@code name} of {@code ns}, allowed {@code
   * rules} in it and nothing else. Its current context is {@link #UNREACHABLE_CONTEXT}, the
   * account's is {@link #CONTEXT}.
   */
  public static Path kubeconfig(TestNamespace ns, Path dir, String name, List<PolicyRule> rules)
      throws IOException {
    var client = ns.client();
    client
        .serviceAccounts()
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    client
        .rbac()
        .roles()
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withRules(rules)
                .build())
        .create();
    client
        .rbac()
        .roleBindings()
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("Role")
                .withName(name)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(name)
                .withNamespace(ns.name())
                .endSubject()
                .build())
        .create();
    String token =
        client
            .serviceAccounts()
            .withName(name)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    String server =
        Config.fromKubeconfig(Files.readString(ns.cluster().kubeconfig())).getMasterUrl();
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        - name: nowhere
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        contexts:
        - name: %s
          context:
            cluster: test
            user: %s
            namespace: %s
        - name: %s
          context:
            cluster: nowhere
            user: %s
        current-context: %s
        users:
        - name: %s
          user:
            token: %s
        """
            .formatted(
                server,
                UNREACHABLE_SERVER,
                CONTEXT,
                name,
                ns.name(),
                UNREACHABLE_CONTEXT,
                name,
                UNREACHABLE_CONTEXT,
                name,
                token);
    Path file = dir.resolve(name + ".kubeconfig");
    Files.writeString(file, yaml);
    return file;
  }
}
