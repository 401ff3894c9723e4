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
                "--input-paths",
                "9/start/1",
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
        // the kubernetes and retry specs are carried by the pod and the runtime, not the command
        .contains(
            "dev.flowline.Flowline dev.flowline.examples.HelloFlow step shout --run-id 9"
                + " --task-id 1 --attempt 0 --input-paths 9/start/1 --datastore s3"
                + " --datastore-root s3://bucket/flowline\\n\"")
        .containsPattern("\"name\" : \"METAFLOW_DEFAULT_DATASTORE\",\\s+\"value\" : \"s3\"")
        .containsPattern(
            "\"name\" : \"METAFLOW_DATASTORE_SYSROOT_S3\",\\s+\"value\" :"
                + " \"s3://bucket/flowline\"");
  }

  @Test
  void maskedValuesAreNamedWithHowToApplyTheJob() throws Exception {
    var r =
        cli()
            .run(
                env(),
                "dev.flowline.examples.HelloFlow",
                "kubernetes",
                "render",
                "start",
                "--with",
                "environment:vars=[\"DB_PASSWORD=hunter2\",\"MODE=fast\"]",
                "--datastore",
                "s3",
                "--datastore-root",
                "s3://bucket/flowline");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).contains("value: \"****\"").contains("fast").doesNotContain("hunter2");
    assertThat(r.err())
        .contains(
            "note: the values of DB_PASSWORD are printed as **** (they look like credentials), so"
                + " this Job cannot be applied as printed. Keep credentials in a Kubernetes Secret"
                + " and reference it with @Kubernetes(secrets = \"NAME\")");
  }

  @Test
  void runRejectsAKubernetesStepOnTheLocalDatastoreBeforeWritingAnything() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    var r = cli().run(env(), "dev.flowline.examples.HelloFlow", "run", "--with", "kubernetes");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "1 configuration problem:\n"
                + "  - steps 'start', 'shout', 'end' (on Kubernetes): datastore: value \"local\""
                + " (the default of METAFLOW_DEFAULT_DATASTORE) is a folder on this machine, which"
                + " a pod cannot read; a step on Kubernetes needs a shared datastore: s3, azure or"
                + " gs. Use e.g. --datastore s3 with"
                + " METAFLOW_DATASTORE_SYSROOT_S3=s3://my-bucket/flowline (or"
                + " METAFLOW_DEFAULT_DATASTORE=s3 in the environment or a config file; azure needs"
                + " METAFLOW_DATASTORE_SYSROOT_AZURE, gs needs METAFLOW_DATASTORE_SYSROOT_GS).\n"
                + "Nothing was run.");
    assertThat(work.resolve(".metaflow")).doesNotExist();
  }

  @Test
  void resumeAppliesTheSameCheck() throws Exception {
    var r =
        cli()
            .run(
                env(),
                "dev.flowline.examples.HelloFlow",
                "resume",
                "--with",
                "kubernetes",
                "--datastore",
                "local");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "steps 'start', 'shout', 'end' (on Kubernetes): datastore: value \"local\" (from"
                + " --datastore)");
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
        .contains("3 configuration problems:")
        .contains("step 'start' (on Kubernetes): datastore: value \"local\"")
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
