package dev.flowline.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.kubernetes.codepackage.FetcherJar;
import dev.flowline.kubernetes.render.CodePackageFeature;
import dev.flowline.kubernetes.render.JobRenderer;
import dev.flowline.testkit.schema.KubernetesSchemaAssert;
import dev.flowline.testkit.schema.OpenApiSchemas;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A matrix of steps covering every option and parameter, rendered to Jobs compared with golden YAML
 * files in {@code src/test/resources/golden} and validated against the Kubernetes 1.36 schema
 * (unknown fields rejected). Regenerate the files with {@code -Dflowline.golden.update=true}.
 *
 * <p>The code fetcher a Job carries ({@code FLOWLINE_BOOTSTRAP}, a base64 jar) is compiled code:
 * its bytes change with the fetcher's source and the JDK that compiled it, so the golden files show
 * {@value #BOOTSTRAP_PLACEHOLDER} instead (after checking that the value is {@link FetcherJar}'s).
 */
class GoldenJobTest {
  static final KubernetesSchemaAssert SCHEMA =
      new KubernetesSchemaAssert(OpenApiSchemas.kubernetes());
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  static final String BOOTSTRAP_PLACEHOLDER = "<FetcherJar.base64()>";

  @TempDir Path tmp;

  static Stream<Arguments> cases() {
    List<Arguments> cases =
        List.of(
            Arguments.of(
                "defaults",
                (Function<Fixtures, Fixtures>)
                    f ->
                        f.env("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "eclipse-temurin:17-jre")
                            .kubernetes()),
            Arguments.of(
                "every-annotation-parameter",
                (Function<Fixtures, Fixtures>)
                    f ->
                        f.kubernetes(
                                "cpu",
                                "2",
                                "memory",
                                8192,
                                "disk",
                                20480,
                                "gpu",
                                1,
                                "gpuVendor",
                                "NVIDIA",
                                "image",
                                "ghcr.io/acme/train:1.0",
                                "imagePullPolicy",
                                "IfNotPresent",
                                "imagePullSecrets",
                                List.of("regcred"),
                                "serviceAccount",
                                "trainer",
                                "namespace",
                                "ml",
                                "secrets",
                                List.of("db-credentials", "api-keys"),
                                "nodeSelector",
                                List.of("kubernetes.io/arch=amd64"),
                                "tolerations",
                                List.of(
                                    "{\"key\": \"gpu\", \"operator\": \"Exists\", \"effect\":"
                                        + " \"NoSchedule\"}",
                                    "{\"key\": \"spot\", \"operator\": \"Equal\", \"value\":"
                                        + " \"true\", \"effect\": \"NoExecute\","
                                        + " \"tolerationSeconds\": 300}"),
                                "labels",
                                List.of("team=ml", "cost-center=42"),
                                "annotations",
                                List.of("owner=ml-team, research", "note=a=b"),
                                "qos",
                                "guaranteed",
                                "persistentVolumeClaims",
                                List.of("training-data=/mnt/data"),
                                "sharedMemory",
                                1024,
                                "useTmpfs",
                                true,
                                "tmpfsTempdir",
                                true,
                                "tmpfsSize",
                                2048,
                                "tmpfsPath",
                                "/scratch",
                                "port",
                                8080,
                                "extendedResources",
                                List.of("vpc.amazonaws.com/efa=1"),
                                "securityContext",
                                List.of(
                                    "privileged=false",
                                    "allowPrivilegeEscalation=false",
                                    "runAsUser=1001",
                                    "runAsGroup=1001",
                                    "runAsNonRoot=true",
                                    "readOnlyRootFilesystem=true",
                                    "dropCapabilities=ALL",
                                    "fsGroup=2000",
                                    "seccompProfile=RuntimeDefault"),
                                "securityProfile",
                                "none",
                                "hostnameResolutionTimeout",
                                120)
                            .decorator(
                                "environment",
                                "vars",
                                List.of("MODE=train", "DB_PASSWORD=hunter2"))),
            Arguments.of(
                "every-environment-key",
                (Function<Fixtures, Fixtures>)
                    f ->
                        f.env("METAFLOW_KUBERNETES_NAMESPACE", "ml-jobs")
                            .env("METAFLOW_KUBERNETES_SERVICE_ACCOUNT", "flowline-runner")
                            .env("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "acme/train:2")
                            .env(
                                "METAFLOW_KUBERNETES_CONTAINER_REGISTRY",
                                "registry.example.com/ml/")
                            .env("METAFLOW_KUBERNETES_IMAGE_PULL_POLICY", "always")
                            .env(
                                "METAFLOW_KUBERNETES_IMAGE_PULL_SECRETS",
                                "[\"regcred\", \"other-cred\"]")
                            .env("METAFLOW_KUBERNETES_CPU", "500m")
                            .env("METAFLOW_KUBERNETES_MEMORY", "2048")
                            .env("METAFLOW_KUBERNETES_DISK", "4096")
                            .env("METAFLOW_KUBERNETES_GPU_VENDOR", "AMD")
                            .env(
                                "METAFLOW_KUBERNETES_NODE_SELECTOR",
                                "disktype=ssd,topology.kubernetes.io/zone=eu-west-1a")
                            .env(
                                "METAFLOW_KUBERNETES_TOLERATIONS",
                                "[{\"key\": \"dedicated\", \"operator\": \"Equal\", \"value\":"
                                    + " \"ml\", \"effect\": \"NoSchedule\"}, {\"operator\":"
                                    + " \"Exists\", \"effect\": \"NoExecute\","
                                    + " \"toleration_seconds\": 60}]")
                            .env("METAFLOW_KUBERNETES_QOS", "Burstable")
                            .env(
                                "METAFLOW_KUBERNETES_PERSISTENT_VOLUME_CLAIMS",
                                "{\"shared\": \"/mnt/shared\"}")
                            .env("METAFLOW_KUBERNETES_SHARED_MEMORY", "512")
                            .env("METAFLOW_KUBERNETES_SECRETS", "s3-credentials,db-credentials")
                            .env("METAFLOW_KUBERNETES_LABELS", "team=data,tier")
                            .env("METAFLOW_KUBERNETES_ANNOTATIONS", "owner=data-team,empty")
                            .env("METAFLOW_KUBERNETES_PORT", "9000")
                            .env("METAFLOW_KUBERNETES_FETCH_EC2_METADATA", "true")
                            .env(
                                "METAFLOW_KUBERNETES_SANDBOX_INIT_SCRIPT",
                                "export PATH=/opt/tools/bin:$PATH")
                            .env("METAFLOW_KUBERNETES_JOB_TTL_SECONDS_AFTER_FINISHED", "3600")
                            .env("METAFLOW_KUBERNETES_JOB_TERMINATE_MODE", "delete")
                            .env("METAFLOW_DEFAULT_RUNTIME_LIMIT", "7200")
                            .env("METAFLOW_DEFAULT_DATASTORE", "s3")
                            .env("METAFLOW_DATASTORE_SYSROOT_S3", "s3://bucket/flowline")
                            .env("METAFLOW_DATASTORE_SYSROOT_AZURE", "container/flowline")
                            .env("METAFLOW_DATASTORE_SYSROOT_GS", "gs://bucket/flowline")
                            .env("METAFLOW_ARGO_WORKFLOWS_UI_URL", "https://argo.example.com")
                            .env("METAFLOW_ARGO_WORKFLOWS_KUBERNETES_SECRETS", "argo-secret")
                            .env(
                                "METAFLOW_ARGO_EVENTS_WEBHOOK_URL",
                                "https://events.example.com/hook")
                            .env("METAFLOW_ARGO_EVENTS_EVENT_BUS", "ml-bus")
                            .env("METAFLOW_ARGO_EVENTS_SENSOR_NAMESPACE", "argo-events")
                            .kubernetes("secrets", List.of("db-credentials"))),
            Arguments.of(
                "guaranteed-amd-gpu-from-resources",
                (Function<Fixtures, Fixtures>)
                    f ->
                        f.env("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "eclipse-temurin:17-jre")
                            .env("METAFLOW_KUBERNETES_QOS", "Guaranteed")
                            .kubernetes(
                                "gpuVendor",
                                "amd",
                                "extendedResources",
                                List.of("example.com/fpga=2", "hugepages-example.io/x=1Gi"))
                            .decorator(
                                "resources", "cpu", "4", "memory", 16000, "disk", 50000, "gpu", 2)
                            .decorator("timeout", "hours", 2, "minutes", 30)),
            Arguments.of(
                "tmpfs-default-size",
                (Function<Fixtures, Fixtures>)
                    f ->
                        f.env("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "eclipse-temurin:17-jre")
                            .kubernetes("useTmpfs", true, "tmpfsTempdir", false, "memory", 6000)
                            .decorator("resources", "memory", 10000)),
            Arguments.of(
                "restricted-profile",
                (Function<Fixtures, Fixtures>)
                    f ->
                        f.env("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "eclipse-temurin:17-jre")
                            .env("METAFLOW_KUBERNETES_SECURITY_PROFILE", "restricted")
                            .kubernetes(
                                "securityContext",
                                List.of("runAsUser=2000", "readOnlyRootFilesystem=true"),
                                "sharedMemory",
                                256)),
            Arguments.of(
                "image-mode",
                (Function<Fixtures, Fixtures>)
                    f ->
                        f.env("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "ghcr.io/acme/flows:1.0")
                            .env("METAFLOW_KUBERNETES_CODE_PACKAGE", "image")
                            .kubernetes()),
            Arguments.of(
                "fetch-with-code-url",
                (Function<Fixtures, Fixtures>)
                    f ->
                        f.env("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "eclipse-temurin:17-jre")
                            .codeUrl(
                                "https://bucket.s3.us-east-1.amazonaws.com/flowline/_flowline/"
                                    + "packages/"
                                    + "0".repeat(64)
                                    + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc")
                            .kubernetes()),
            Arguments.of(
                "with-option",
                (Function<Fixtures, Fixtures>)
                    f ->
                        f.env("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "eclipse-temurin:17-jre")
                            .env("METAFLOW_KUBERNETES_LABELS", "team=data")
                            .step("Evaluate_Model")
                            .task("run-2026-11-27T09:00", "17", 2)
                            .with(
                                "cpu",
                                "3",
                                "memory",
                                "12000",
                                "labels",
                                "team=ml,env=dev",
                                "tolerations",
                                "[{\"key\": \"gpu\", \"operator\": \"Exists\"}]",
                                "persistentVolumeClaims",
                                "{\"models\": \"/models\"}",
                                "securityContext",
                                "{\"run_as_user\": \"1000\", \"run_as_non_root\": \"true\"}",
                                "imagePullSecrets",
                                "regcred,other")));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersTheGoldenJobAndItIsSchemaValid(String name, Function<Fixtures, Fixtures> setup)
      throws Exception {
    var ctx = setup.apply(Fixtures.in(tmp)).context();
    var job = new JobRenderer().render(ctx);
    var env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    for (var e : env) {
      if (e.getName().equals(CodePackageFeature.BOOTSTRAP_VARIABLE)) {
        assertThat(e.getValue()).isEqualTo(FetcherJar.base64());
        e.setValue(BOOTSTRAP_PLACEHOLDER); // a copy of the Job's value: the renderer keeps none
      }
    }
    String yaml = SERIALIZATION.asYaml(job);
    Path file = GOLDEN.resolve(name + ".yaml");
    if (Boolean.getBoolean("flowline.golden.update")) {
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
    }
    SCHEMA.assertValid(SERIALIZATION.asJson(job));
    assertThat(yaml)
        .as(
            "golden file %s (regenerate with -Dflowline.golden.update=true and review the diff)",
            file)
        .isEqualTo(
            Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "<missing>");
  }
}
