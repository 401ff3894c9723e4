package dev.flowline.kubernetes.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.cli.FlowCommandGroup;
import dev.flowline.cli.FlowContext;
import dev.flowline.config.Config;
import dev.flowline.kubernetes.config.KubernetesOptions;
import dev.flowline.model.DecoratorRegistry;
import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import dev.flowline.testkit.schema.KubernetesSchemaAssert;
import dev.flowline.testkit.schema.OpenApiSchemas;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every setting of the configuration reference, end to end through {@code kubernetes render}: each
 * configuration key set in the environment, in the project's {@code .metaflow/config.json} and in
 * the {@code $METAFLOW_HOME} profile file, and each {@code @Kubernetes} parameter on the annotation
 * and through {@code --with}, must change the field of the rendered Job it maps to (the same render
 * without it must not have that value, so no case can pass by accident). Every Job is validated
 * against the Kubernetes schema. Keys that are validated but map to no field of a single Job are
 * listed in {@link #notAppliedToAJob}.
 */
class EverySettingThroughRenderTest {
  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final KubernetesSchemaAssert SCHEMA =
      new KubernetesSchemaAssert(OpenApiSchemas.kubernetes());

  @TempDir Path tmp;

  /** Where a configuration value is put. */
  enum Source {
    ENVIRONMENT,
    PROJECT_FILE,
    PROFILE_FILE
  }

  /**
   * One setting: the key (or parameter) and value, extra {@code render} arguments, extra
   * environment, what to read from the Job and the value expected there.
   */
  record Case(
      String name,
      String value,
      List<String> args,
      Map<String, String> env,
      Function<Job, Object> read,
      Object expected) {
    @Override
    public String toString() {
      return name + "=" + value;
    }
  }

  static Case c(String key, String value, Function<Job, Object> read, Object expected) {
    return new Case(key, value, List.of(), Map.of(), read, expected);
  }

  static Container container(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static PodSpec pod(Job job) {
    return job.getSpec().getTemplate().getSpec();
  }

  static String env(Job job, String name) {
    return container(job).getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }

  static String request(Job job, String resource) {
    var r = container(job).getResources().getRequests();
    return r == null || !r.containsKey(resource) ? null : r.get(resource).toString();
  }

  static String limit(Job job, String resource) {
    Map<String, Quantity> l = container(job).getResources().getLimits();
    return l == null || !l.containsKey(resource) ? null : l.get(resource).toString();
  }

  static Map<String, String> mounts(Job job) {
    Map<String, String> m = new LinkedHashMap<>();
    for (VolumeMount v : container(job).getVolumeMounts()) {
      m.put(v.getName(), v.getMountPath());
    }
    return m;
  }

  static String volumeSize(Job job, String name) {
    return pod(job).getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .map(v -> v.getEmptyDir().getSizeLimit().toString())
        .findFirst()
        .orElse(null);
  }

  static List<String> secretRefs(Job job) {
    return container(job).getEnvFrom().stream()
        .map(EnvFromSource::getSecretRef)
        .map(r -> r.getName())
        .toList();
  }

  static Stream<Case> configurationKeys() {
    return Stream.of(
        c(
            "METAFLOW_KUBERNETES_NAMESPACE",
            "ml-jobs",
            j -> j.getMetadata().getNamespace(),
            "ml-jobs"),
        c(
            "METAFLOW_KUBERNETES_SERVICE_ACCOUNT",
            "runner",
            j -> pod(j).getServiceAccountName(),
            "runner"),
        c(
            "METAFLOW_KUBERNETES_CONTAINER_IMAGE",
            "acme/train:2",
            j -> container(j).getImage(),
            "acme/train:2"),
        c(
            "METAFLOW_KUBERNETES_CONTAINER_REGISTRY",
            "reg.example.com/ml",
            j -> container(j).getImage(),
            "reg.example.com/ml/" + KubernetesOptions.DEFAULT_IMAGE),
        c(
            "METAFLOW_KUBERNETES_IMAGE_PULL_POLICY",
            "Never",
            j -> container(j).getImagePullPolicy(),
            "Never"),
        c(
            "METAFLOW_KUBERNETES_IMAGE_PULL_SECRETS",
            "[\"regcred\", \"other\"]",
            j -> pod(j).getImagePullSecrets().stream().map(LocalObjectReference::getName).toList(),
            List.of("regcred", "other")),
        c("METAFLOW_KUBERNETES_CPU", "3", j -> request(j, "cpu"), "3"),
        c("METAFLOW_KUBERNETES_MEMORY", "1000", j -> request(j, "memory"), "1000M"),
        c("METAFLOW_KUBERNETES_DISK", "2000", j -> request(j, "ephemeral-storage"), "2000M"),
        new Case(
            "METAFLOW_KUBERNETES_GPU_VENDOR",
            "AMD",
            List.of("--with", "kubernetes:gpu=1"),
            Map.of(),
            j -> limit(j, "amd.com/gpu"),
            "1"),
        c(
            "METAFLOW_DATASTORE_SYSROOT_S3",
            "s3://other/flowline",
            j -> env(j, "METAFLOW_DATASTORE_SYSROOT_S3"),
            "s3://other/flowline"),
        c(
            "METAFLOW_DATASTORE_SYSROOT_AZURE",
            "flows/prod",
            j -> env(j, "METAFLOW_DATASTORE_SYSROOT_AZURE"),
            "flows/prod"),
        c(
            "METAFLOW_DATASTORE_SYSROOT_GS",
            "gs://bucket/flowline",
            j -> env(j, "METAFLOW_DATASTORE_SYSROOT_GS"),
            "gs://bucket/flowline"),
        new Case(
            "METAFLOW_DEFAULT_DATASTORE",
            "azure",
            List.of(),
            Map.of("METAFLOW_DATASTORE_SYSROOT_AZURE", "flows/prod"),
            j -> env(j, "METAFLOW_DEFAULT_DATASTORE"),
            "azure"),
        c(
            "METAFLOW_KUBERNETES_NODE_SELECTOR",
            "disktype=ssd,zone=a",
            j -> pod(j).getNodeSelector(),
            Map.of("disktype", "ssd", "zone", "a")),
        c(
            "METAFLOW_KUBERNETES_TOLERATIONS",
            "[{\"key\": \"gpu\", \"operator\": \"Exists\", \"effect\": \"NoSchedule\"}]",
            j ->
                pod(j).getTolerations().stream()
                    .map(t -> t.getKey() + "/" + t.getOperator() + "/" + t.getEffect())
                    .toList(),
            List.of("gpu/Exists/NoSchedule")),
        c("METAFLOW_KUBERNETES_QOS", "Guaranteed", j -> limit(j, "memory"), "4096M"),
        c(
            "METAFLOW_KUBERNETES_PERSISTENT_VOLUME_CLAIMS",
            "{\"data\": \"/mnt/data\"}",
            EverySettingThroughRenderTest::mounts,
            Map.of("pvc-data", "/mnt/data")),
        c("METAFLOW_KUBERNETES_SHARED_MEMORY", "256", j -> volumeSize(j, "dshm"), "256Mi"),
        c(
            "METAFLOW_KUBERNETES_SECRETS",
            "db,api",
            EverySettingThroughRenderTest::secretRefs,
            List.of("db", "api")),
        c(
            "METAFLOW_KUBERNETES_LABELS",
            "team=ml",
            j ->
                j.getMetadata().getLabels().get("team")
                    + "/"
                    + j.getSpec().getTemplate().getMetadata().getLabels().get("team"),
            "ml/ml"),
        c(
            "METAFLOW_KUBERNETES_ANNOTATIONS",
            "owner=ml-team",
            j ->
                j.getMetadata().getAnnotations().get("owner")
                    + "/"
                    + j.getSpec().getTemplate().getMetadata().getAnnotations().get("owner"),
            "ml-team/ml-team"),
        c(
            "METAFLOW_KUBERNETES_PORT",
            "9000",
            j -> container(j).getPorts().stream().map(p -> p.getContainerPort()).toList(),
            List.of(9000)),
        c(
            "METAFLOW_KUBERNETES_FETCH_EC2_METADATA",
            "true",
            j -> env(j, "METAFLOW_KUBERNETES_FETCH_EC2_METADATA"),
            "true"),
        c(
            "METAFLOW_KUBERNETES_SANDBOX_INIT_SCRIPT",
            "export A=1",
            j ->
                env(j, "METAFLOW_INIT_SCRIPT")
                    + "|"
                    + env(j, "METAFLOW_KUBERNETES_SANDBOX_INIT_SCRIPT"),
            "export A=1|export A=1"),
        c(
            "METAFLOW_KUBERNETES_JOB_TTL_SECONDS_AFTER_FINISHED",
            "60",
            j -> j.getSpec().getTtlSecondsAfterFinished(),
            60),
        c("METAFLOW_DEFAULT_RUNTIME_LIMIT", "3600", j -> pod(j).getActiveDeadlineSeconds(), 3600L),
        c(
            "METAFLOW_KUBERNETES_SECURITY_PROFILE",
            "restricted",
            j ->
                container(j).getSecurityContext() == null
                    ? null
                    : container(j).getSecurityContext().getRunAsNonRoot(),
            true),
        c(
            "METAFLOW_KUBERNETES_CODE_PACKAGE",
            "image",
            j -> env(j, "FLOWLINE_CLASSPATH") + "|" + env(j, "FLOWLINE_BOOTSTRAP"),
            "/app/resources:/app/classes:/app/libs/*|null"),
        c(
            "METAFLOW_ARGO_WORKFLOWS_KUBERNETES_SECRETS",
            "argo-secret",
            j -> env(j, "METAFLOW_ARGO_WORKFLOWS_KUBERNETES_SECRETS"),
            "argo-secret"),
        c(
            "METAFLOW_ARGO_EVENTS_WEBHOOK_URL",
            "https://events.example.com/hook",
            j -> env(j, "METAFLOW_ARGO_EVENTS_WEBHOOK_URL"),
            "https://events.example.com/hook"),
        c(
            "METAFLOW_ARGO_EVENTS_EVENT_BUS",
            "ml-bus",
            j -> env(j, "METAFLOW_ARGO_EVENTS_EVENT_BUS"),
            "ml-bus"));
  }

  static Stream<Arguments> configurationKeysFromEverySource() {
    return configurationKeys()
        .flatMap(c -> Stream.of(Source.values()).map(s -> Arguments.of(c, s)));
  }

  /** start -> train -> end; train carries {@code @Kubernetes} with {@code annotation}. */
  private static FlowModel flow(Map<String, Object> annotation) {
    var k8s = new DecoratorSpec("kubernetes", annotation, DecoratorSpec.Origin.ANNOTATION);
    return new FlowModel(
        "TrainFlow",
        "com.example.TrainFlow",
        List.of(
            new StepModel(
                "start",
                StepType.LINEAR,
                List.of("train"),
                Optional.empty(),
                List.of(),
                List.of(),
                0),
            new StepModel(
                "train",
                StepType.LINEAR,
                List.of("end"),
                Optional.empty(),
                List.of("start"),
                List.of(k8s),
                0),
            new StepModel(
                "end", StepType.END, List.of(), Optional.empty(), List.of("train"), List.of(), 0)),
        List.of());
  }

  /**
   * Renders train with a shared datastore, {@code config} put in {@code source}; the Job, checked
   * against the schema.
   */
  private Job render(
      Map<String, Object> annotation,
      Map<String, String> config,
      Source source,
      Map<String, String> extraEnv,
      List<String> extraArgs)
      throws Exception {
    Path work = Files.createDirectories(tmp.resolve("w" + System.nanoTime()));
    Path home = Files.createDirectories(work.resolve("home"));
    Map<String, String> env = new HashMap<>();
    env.put("METAFLOW_HOME", home.toString());
    env.put("USER", "alice");
    if (!config.containsKey("METAFLOW_DEFAULT_DATASTORE")) {
      env.put("METAFLOW_DEFAULT_DATASTORE", "s3");
    }
    if (!config.containsKey("METAFLOW_DATASTORE_SYSROOT_S3")) {
      env.put("METAFLOW_DATASTORE_SYSROOT_S3", "s3://bucket/flowline");
    }
    env.putAll(extraEnv);
    String json = new ObjectMapper().writeValueAsString(config);
    switch (source) {
      case ENVIRONMENT -> env.putAll(config);
      case PROJECT_FILE ->
          Files.writeString(
              Files.createDirectories(work.resolve(".metaflow")).resolve("config.json"), json);
      case PROFILE_FILE -> Files.writeString(home.resolve("config.json"), json);
    }
    var out = new StringWriter();
    var err = new StringWriter();
    FlowModel model = flow(annotation);
    FlowContext ctx =
        new FlowContext() {
          @Override
          public FlowModel flow() {
            return model;
          }

          @Override
          public Config config() {
            return Config.load(env, work);
          }

          @Override
          public PrintWriter out() {
            return new PrintWriter(out, true);
          }

          @Override
          public PrintWriter err() {
            return new PrintWriter(err, true);
          }
        };
    FlowCommandGroup group =
        ServiceLoader.load(FlowCommandGroup.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(g -> g.name().equals("kubernetes"))
            .findFirst()
            .orElseThrow();
    List<String> args = new ArrayList<>(List.of("render", "train", "--input-paths", "1/start/2"));
    args.addAll(extraArgs);
    args.addAll(List.of("-o", "json"));
    int code = new CommandLine(group.create(ctx)).execute(args.toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
    SCHEMA.assertValid(out.toString());
    return SERIALIZATION.unmarshal(out.toString(), Job.class);
  }

  @ParameterizedTest(name = "{0} from {1}")
  @MethodSource("configurationKeysFromEverySource")
  void everyConfigurationKeyReachesItsJobField(Case c, Source source) throws Exception {
    Job without = render(Map.of(), Map.of(), source, c.env(), c.args());
    assertThat(c.read().apply(without)).as("without %s", c.name()).isNotEqualTo(c.expected());
    Job with = render(Map.of(), Map.of(c.name(), c.value()), source, c.env(), c.args());
    assertThat(c.read().apply(with)).as("%s from %s", c.name(), source).isEqualTo(c.expected());
  }

  /** Parameter, value as the annotation holds it, value as {@code --with} text. */
  static Stream<Arguments> parameters() {
    return Stream.of(
        p("cpu", "2", "2", j -> request(j, "cpu"), "2"),
        p("memory", 8192, "8192", j -> request(j, "memory"), "8192M"),
        p("disk", 20480, "20480", j -> request(j, "ephemeral-storage"), "20480M"),
        p("gpu", 2, "2", j -> limit(j, "nvidia.com/gpu"), "2"),
        p(
            "image",
            "ghcr.io/acme/t:1",
            "ghcr.io/acme/t:1",
            j -> container(j).getImage(),
            "ghcr.io/acme/t:1"),
        p("imagePullPolicy", "Always", "Always", j -> container(j).getImagePullPolicy(), "Always"),
        p(
            "imagePullSecrets",
            List.of("regcred"),
            "regcred",
            j -> pod(j).getImagePullSecrets().stream().map(LocalObjectReference::getName).toList(),
            List.of("regcred")),
        p("serviceAccount", "trainer", "trainer", j -> pod(j).getServiceAccountName(), "trainer"),
        p("namespace", "ml", "ml", j -> j.getMetadata().getNamespace(), "ml"),
        p("secrets", List.of("db"), "db", EverySettingThroughRenderTest::secretRefs, List.of("db")),
        p(
            "nodeSelector",
            List.of("disktype=ssd"),
            "disktype=ssd",
            j -> pod(j).getNodeSelector(),
            Map.of("disktype", "ssd")),
        p(
            "tolerations",
            List.of("{\"key\": \"gpu\", \"operator\": \"Exists\"}"),
            "[{\"key\": \"gpu\", \"operator\": \"Exists\"}]",
            j -> pod(j).getTolerations().stream().map(t -> t.getKey()).toList(),
            List.of("gpu")),
        p(
            "labels",
            List.of("team=ml"),
            "team=ml",
            j -> j.getMetadata().getLabels().get("team"),
            "ml"),
        p(
            "annotations",
            List.of("owner=ml"),
            "owner=ml",
            j -> j.getMetadata().getAnnotations().get("owner"),
            "ml"),
        p("qos", "Guaranteed", "Guaranteed", j -> limit(j, "cpu"), "1"),
        p(
            "persistentVolumeClaims",
            List.of("data=/mnt/data"),
            "data=/mnt/data",
            EverySettingThroughRenderTest::mounts,
            Map.of("pvc-data", "/mnt/data")),
        p("sharedMemory", 512, "512", j -> volumeSize(j, "dshm"), "512Mi"),
        p(
            "useTmpfs",
            true,
            "true",
            j ->
                volumeSize(j, "tmpfs-ephemeral-volume")
                    + " "
                    + env(j, "METAFLOW_TEMPDIR")
                    + " "
                    + container(j).getCommand().get(2).contains("-Djava.io.tmpdir="),
            "2048Mi /metaflow_temp true"),
        p("tmpfsSize", 1024, "1024", j -> volumeSize(j, "tmpfs-ephemeral-volume"), "1024Mi"),
        p(
            "port",
            8080,
            "8080",
            j -> container(j).getPorts().stream().map(x -> x.getContainerPort()).toList(),
            List.of(8080)),
        p(
            "extendedResources",
            List.of("vpc.amazonaws.com/efa=1"),
            "vpc.amazonaws.com/efa=1",
            j -> request(j, "vpc.amazonaws.com/efa") + "/" + limit(j, "vpc.amazonaws.com/efa"),
            "1/1"),
        p(
            "securityContext",
            List.of("runAsUser=1001", "fsGroup=2000"),
            "[\"runAsUser=1001\", \"fsGroup=2000\"]",
            j ->
                (container(j).getSecurityContext() == null
                        ? null
                        : container(j).getSecurityContext().getRunAsUser())
                    + "/"
                    + (pod(j).getSecurityContext() == null
                        ? null
                        : pod(j).getSecurityContext().getFsGroup()),
            "1001/2000"),
        p(
            "securityProfile",
            "restricted",
            "restricted",
            j ->
                pod(j).getSecurityContext() == null
                    ? null
                    : pod(j).getSecurityContext().getSeccompProfile().getType(),
            "RuntimeDefault"),
        combined(
            "gpuVendor",
            Map.of("gpu", 1, "gpuVendor", "AMD"),
            "gpu=1,gpuVendor=AMD",
            j -> limit(j, "amd.com/gpu"),
            "1"),
        combined(
            "tmpfsPath",
            Map.of("useTmpfs", true, "tmpfsPath", "/scratch"),
            "useTmpfs=true,tmpfsPath=/scratch",
            j -> mounts(j).get("tmpfs-ephemeral-volume") + " " + env(j, "METAFLOW_TEMPDIR"),
            "/scratch /scratch"),
        combined(
            "tmpfsTempdir",
            Map.of("useTmpfs", true, "tmpfsTempdir", false),
            "useTmpfs=true,tmpfsTempdir=false",
            j ->
                mounts(j).get("tmpfs-ephemeral-volume")
                    + " "
                    + env(j, "METAFLOW_TEMPDIR")
                    + " "
                    + container(j).getCommand().get(2).contains("-Djava.io.tmpdir="),
            "/metaflow_temp null false"));
  }

  static Arguments p(
      String name,
      Object annotation,
      String withText,
      Function<Job, Object> read,
      Object expected) {
    return Arguments.of(
        name, Map.of(name, annotation), name + "=" + quoteForWith(withText), read, expected);
  }

  /** Parameters that act together with another one. */
  static Arguments combined(
      String name,
      Map<String, Object> annotation,
      String withSpec,
      Function<Job, Object> read,
      Object expected) {
    return Arguments.of(name, annotation, withSpec, read, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parameters")
  void everyParameterReachesItsJobFieldFromTheAnnotationAndFromWith(
      String name,
      Map<String, Object> annotation,
      String withSpec,
      Function<Job, Object> read,
      Object expected)
      throws Exception {
    Job without = render(Map.of(), Map.of(), Source.ENVIRONMENT, Map.of(), List.of());
    assertThat(read.apply(without)).as("without %s", name).isNotEqualTo(expected);
    Job annotated = render(annotation, Map.of(), Source.ENVIRONMENT, Map.of(), List.of());
    assertThat(read.apply(annotated)).as("@Kubernetes(%s)", name).isEqualTo(expected);
    String spec = "kubernetes:" + withSpec;
    Job with = render(Map.of(), Map.of(), Source.ENVIRONMENT, Map.of(), List.of("--with", spec));
    assertThat(read.apply(with)).as("--with %s", spec).isEqualTo(expected);
  }

  /** A {@code --with} value with commas is given as a JSON string so the spec stays one item. */
  private static String quoteForWith(String text) {
    if (text.startsWith("[") || !text.contains(",")) {
      return text;
    }
    return "\"" + text + "\"";
  }

  /**
   * Keys that are validated but map to no field of a single task's Job: setting them leaves the Job
   * unchanged. {@code METAFLOW_KUBERNETES_JOB_TERMINATE_MODE} is read by {@code kubernetes kill};
   * {@code METAFLOW_ARGO_WORKFLOWS_UI_URL} and {@code METAFLOW_ARGO_EVENTS_SENSOR_NAMESPACE} by the
   * Argo back end (Metaflow does not forward them into pods either); the parameter {@code
   * hostnameResolutionTimeout} by multi-node steps; {@code pendingTimeout}, {@code
   * infrastructureRetries}, {@code oomMemoryFactor} and {@code oomMemoryMax} (and their keys) by
   * the launcher, which decides when a pod waited too long and whether to run an attempt again;
   * {@code METAFLOW_KUBERNETES_CODE_PACKAGE_URL_TTL} by the launcher when it uploads the code
   * package (the URL it signs is the Job's, not the key).
   */
  @Test
  void notAppliedToAJob() throws Exception {
    String baseline =
        SERIALIZATION.asYaml(render(Map.of(), Map.of(), Source.ENVIRONMENT, Map.of(), List.of()));
    Map<String, String> keys =
        Map.of(
            "METAFLOW_KUBERNETES_JOB_TERMINATE_MODE", "delete",
            "METAFLOW_KUBERNETES_CODE_PACKAGE_URL_TTL", "3600",
            "METAFLOW_ARGO_WORKFLOWS_UI_URL", "https://argo.example.com",
            "METAFLOW_ARGO_EVENTS_SENSOR_NAMESPACE", "argo-events",
            "METAFLOW_KUBERNETES_PENDING_TIMEOUT", "1800",
            "METAFLOW_KUBERNETES_INFRASTRUCTURE_RETRIES", "0",
            "METAFLOW_KUBERNETES_OOM_MEMORY_FACTOR", "1.5");
    for (var e : keys.entrySet()) {
      var job =
          render(
              Map.of(), Map.of(e.getKey(), e.getValue()), Source.ENVIRONMENT, Map.of(), List.of());
      assertThat(SERIALIZATION.asYaml(job)).as(e.getKey()).isEqualTo(baseline);
    }
    var withCap =
        render(
            Map.of(),
            Map.of(
                "METAFLOW_KUBERNETES_OOM_MEMORY_FACTOR",
                "1.5",
                "METAFLOW_KUBERNETES_OOM_MEMORY_MAX",
                "65536"),
            Source.ENVIRONMENT,
            Map.of(),
            List.of());
    assertThat(SERIALIZATION.asYaml(withCap)).isEqualTo(baseline);
    var job =
        render(
            Map.of(
                "hostnameResolutionTimeout",
                120,
                "pendingTimeout",
                60,
                "infrastructureRetries",
                1,
                "oomMemoryFactor",
                2.0,
                "oomMemoryMax",
                65536),
            Map.of(),
            Source.ENVIRONMENT,
            Map.of(),
            List.of());
    assertThat(SERIALIZATION.asYaml(job)).isEqualTo(baseline);
  }

  @Test
  void theParameterListIsComplete() {
    var type = DecoratorRegistry.load(getClass().getClassLoader()).find("kubernetes");
    List<String> tested = parameters().map(a -> (String) a.get()[0]).toList();
    List<String> all = new ArrayList<>(tested);
    all.addAll(
        List.of(
            "hostnameResolutionTimeout",
            "pendingTimeout",
            "infrastructureRetries",
            "oomMemoryFactor",
            "oomMemoryMax"));
    assertThat(type.orElseThrow().attributeNames()).containsExactlyInAnyOrderElementsOf(all);
  }
}
