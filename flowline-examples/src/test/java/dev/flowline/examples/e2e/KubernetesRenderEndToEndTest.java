package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.testkit.schema.KubernetesSchemaAssert;
import dev.flowline.testkit.schema.OpenApiSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/flowline FLOW kubernetes render} and {@code bin/flowline configure show} as a user
 * runs them.
 */
class KubernetesRenderEndToEndTest {
  @TempDir Path tmp;

  private FlowlineCli cli() throws Exception {
    return new FlowlineCli(Files.createDirectories(tmp.resolve("work")));
  }

  private Map<String, String> env(String... kv) {
    var m = new java.util.HashMap<String, String>();
    m.put("METAFLOW_HOME", tmp.resolve("home").toString());
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void rendersASchemaValidJobForAnExampleStep() throws Exception {
    var r =
        cli()
            .run(
                env(
                    "METAFLOW_KUBERNETES_NAMESPACE",
                    "ml-jobs",
                    "METAFLOW_KUBERNETES_SECRETS",
                    "db"),
                "dev.flowline.examples.HelloFlow",
                "kubernetes",
                "render",
                "shout",
                "--run-id",
                "9",
                "--with",
                "kubernetes:cpu=2,memory=8192",
                "--with",
                "retry:times=2",
                "--datastore",
                "s3",
                "--datastore-root",
                "s3://bucket/flowline",
                "-o",
                "json");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    new KubernetesSchemaAssert(OpenApiSchemas.kubernetes()).assertValid(r.out());
    assertThat(r.out())
        .contains(
            "\"namespace\" : \"ml-jobs\"",
            "\"cpu\" : \"2\"",
            "\"memory\" : \"8192M\"",
            "\"name\" : \"db\"")
        .contains("dev.flowline.Flowline dev.flowline.examples.HelloFlow step shout --run-id 9")
        .contains(
            "--with kubernetes:cpu=2,memory=8192 --with retry:times=2 --datastore s3"
                + " --datastore-root s3://bucket/flowline");
  }

  @Test
  void badConfigurationExitsWithTwoAndNamesEveryProblem() throws Exception {
    var r =
        cli()
            .run(
                env(
                    "METAFLOW_KUBERNETES_QOS",
                    "BestEffort",
                    "METAFLOW_KUBERNETES_TOLERATIONS",
                    "[{"),
                "dev.flowline.examples.HelloFlow",
                "kubernetes",
                "render",
                "start");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains("2 configuration problems:")
        .contains(
            "METAFLOW_KUBERNETES_QOS (from env): value \"BestEffort\" is not one of Burstable,"
                + " Guaranteed")
        .contains("METAFLOW_KUBERNETES_TOLERATIONS (from env): value \"[{\" is not valid JSON");
  }

  @Test
  void configureShowListsEveryOptionWithItsSource() throws Exception {
    var r = cli().run(env("METAFLOW_KUBERNETES_NAMESPACE", "ml-jobs"), "configure", "show");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    assertThat(r.out())
        .containsPattern("METAFLOW_KUBERNETES_NAMESPACE +ml-jobs +env")
        .containsPattern("METAFLOW_KUBERNETES_QOS +Burstable +default")
        .containsPattern("METAFLOW_ARGO_EVENTS_SENSOR_NAMESPACE +ml-jobs +default")
        .contains("METAFLOW_DATASTORE_SYSROOT_S3");
  }
}
