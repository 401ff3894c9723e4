package dev.flowline.testkit.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one test cluster per test JVM (started on first use, stopped when the test run
 * ends) and a namespace per test, deleted after it. Test methods take a {@link TestNamespace} or a
 * {@link KubernetesClient} (defaulting to the test's namespace) as parameters. The namespace is
 * ready for pods: its {@code default} service account exists.
 */
public final class TestClusterExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(TestClusterExtension.class);

  /** Closes the shared cluster at the end of the test run. */
  private record SharedCluster(TestCluster cluster) implements AutoCloseable {
    @Override
    public void close() {
      cluster.close();
    }
  }

  /** Set to {@value #REQUIRED} (as .ci/run does) to fail, not skip, when binaries are missing. */
  public static final String REQUIRED_VARIABLE = "FLOWLINE_CLUSTER_REQUIRED";

  private static final String REQUIRED = "1";

  private final List<String> with;
  private final List<String> upOptions;

  /** The plain cluster (used by {@code @ExtendWith(TestClusterExtension.class)}). */
  public TestClusterExtension() {
    this(List.of());
  }

  /**
   * A cluster with optional components, for {@code @RegisterExtension}; clusters with different
   * components are separate (one each per test JVM).
   *
   * @param with components to add: {@code argo}, {@code jobset}, {@code gcs}, {@code argo-events}
   */
  public TestClusterExtension(List<String> with) {
    this(with, List.of());
  }

  /**
   * A cluster with optional components and further options of {@code bin/flowline-cluster up} (e.g.
   * {@code --watch-history 5}), separate from clusters with other ones.
   *
   * @param with components to add: {@code argo}, {@code jobset}, {@code gcs}, {@code argo-events}
   * @param upOptions further options of {@code up}
   */
  public TestClusterExtension(List<String> with, List<String> upOptions) {
    this.with = List.copyOf(with);
    this.upOptions = List.copyOf(upOptions);
  }

  private TestCluster cluster(ExtensionContext context) {
    List<String> missing = TestCluster.missingBinaries(with);
    if (!missing.isEmpty()) {
      String message =
          "the test cluster's binaries "
              + missing
              + " are not built: run 'bin/flowline-cluster build k8s etcd "
              + String.join(" ", with)
              + "' (needs Go 1.26 and the Go module proxy; minutes to tens of minutes when cold, see"
              + " docs/testing.md)";
      if (REQUIRED.equals(System.getenv(REQUIRED_VARIABLE))) {
        throw new IllegalStateException(message + "; " + REQUIRED_VARIABLE + "=" + REQUIRED);
      }
      // a JDK-only checkout runs everything else; .ci/run builds the binaries and requires these
      Assumptions.abort(message + ". Set " + REQUIRED_VARIABLE + "=1 to fail instead.");
    }
    return context
        .getRoot()
        .getStore(STORE)
        .getOrComputeIfAbsent(
            "cluster" + with + upOptions,
            k -> new SharedCluster(TestCluster.start(with, upOptions)),
            SharedCluster.class)
        .cluster();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    var cluster = cluster(context);
    cluster.assertHealthy();
    var name =
        ("t-"
            + context
                .getRequiredTestMethod()
                .getName()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "-"));
    name =
        name.substring(0, Math.min(name.length(), 50))
            + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
    var client = cluster.client(name);
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    client
        .serviceAccounts()
        .inNamespace(name)
        .withName("default")
        .waitUntilCondition(sa -> sa != null, 60, TimeUnit.SECONDS);
    context.getStore(STORE).put(TestNamespace.class, new TestNamespace(name, client, cluster));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    var ns = context.getStore(STORE).remove(TestNamespace.class, TestNamespace.class);
    if (ns != null) {
      ns.client().namespaces().withName(ns.name()).delete();
      ns.client().close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    var type = parameter.getParameter().getType();
    return type == TestNamespace.class || type == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    var ns = context.getStore(STORE).get(TestNamespace.class, TestNamespace.class);
    return parameter.getParameter().getType() == TestNamespace.class ? ns : ns.client();
  }
}
