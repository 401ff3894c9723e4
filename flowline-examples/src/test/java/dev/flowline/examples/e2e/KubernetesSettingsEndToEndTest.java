package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.client.Run;
import dev.flowline.config.Config;
import dev.flowline.testkit.cluster.ImageCatalog;
import dev.flowline.testkit.cluster.TestCluster;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import dev.flowline.testkit.emulator.S3MockLauncher;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Kubernetes setting of the configuration reference (Metaflow's {@code METAFLOW_KUBERNETES_*}
 * keys and the {@code @Kubernetes} parameters, docs/kubernetes.md) is seen on a running pod: a
 * single-file flow ({@code flows/kubernetes/*.java}) runs with {@code bin/flowline} on the test
 * cluster ({@link TestClusterExtension}, S3Mock as the datastore); each step records what its
 * process sees (environment, {@code current()}, {@code /proc/self/status}, its memory cgroup,
 * {@code /dev/shm}, its temporary directory, the service-account token, files on the volume claim)
 * as the artifact {@code seen}, which the test reads back with the client and compares with the
 * pods, Jobs and events the API server holds.
 *
 * <p>Three runs: {@link #everySettingReachesThePod} (the matrix: configuration keys for every step,
 * {@code @Kubernetes} parameters on the three steps of a split), {@link
 * #theRestrictedProfileRunsInARestrictedNamespace} (a namespace that enforces the Pod Security
 * Standard "restricted", the namespace given with {@code --with}, placement from the configuration,
 * Jobs deleted by their TTL) and {@link #aPodNoNodeTakesFailsAfterThePendingTimeout}.
 *
 * <table>
 *   <caption>Setting: where it is set, where it is checked</caption>
 *   <tr><th>setting</th><th>set by</th><th>checked</th></tr>
 *   <tr><td>namespace / {@code METAFLOW_KUBERNETES_NAMESPACE}</td><td>key (matrix); {@code --with
 *       kubernetes:namespace=} over the key's default (restricted)</td><td>the pods are in that
 *       namespace; {@code METAFLOW_KUBERNETES_POD_NAMESPACE} in the task (downward API)</td></tr>
 *   <tr><td>serviceAccount / {@code _SERVICE_ACCOUNT}</td><td>key, a ServiceAccount the test
 *       creates</td><td>pod {@code serviceAccountName}; in the task: the {@code sub} of the
 *       service-account token mounted in the pod, and {@code
 *       METAFLOW_KUBERNETES_SERVICE_ACCOUNT_NAME}</td></tr>
 *   <tr><td>image / {@code _CONTAINER_IMAGE}</td><td>key {@code eclipse-temurin:17-jre};
 *       parameter {@code eclipse-temurin:17-jdk} (placed); the default {@code
 *       eclipse-temurin:<java>-jre} (restricted)</td><td>pod image and container status; the task
 *       ran on the image's JDK ({@code JAVA_HOME} the image sets)</td></tr>
 *   <tr><td>{@code _CONTAINER_REGISTRY}</td><td>key {@code registry.flowline.test/private}, the
 *       node agent's private registry</td><td>the pods' images are {@code
 *       registry.flowline.test/private/eclipse-temurin:17-jre} (and {@code -jdk}), which the node
 *       pulled and ran</td></tr>
 *   <tr><td>imagePullSecrets / {@code _IMAGE_PULL_SECRETS}</td><td>key, a dockerconfigjson Secret
 *       with the registry's credentials</td><td>pod {@code imagePullSecrets}; the node pulled the
 *       private image (it refuses a pod without the secret: the node agent's PodLifecycleTest)</td>
 *       </tr>
 *   <tr><td>imagePullPolicy / {@code _IMAGE_PULL_POLICY}</td><td>key {@code Always}; parameter
 *       {@code Never} (placed)</td><td>pod spec; the node's {@code Pulling} event for every {@code
 *       Always} pod, none for the {@code Never} pod</td></tr>
 *   <tr><td>cpu, memory, disk / {@code _CPU}, {@code _MEMORY}, {@code _DISK}</td><td>keys;
 *       parameters cpu and disk, {@code @Resources(memory)} as the max (sized)</td><td>pod requests
 *       (and limits, Guaranteed); memory also in the task: its memory cgroup's limit</td></tr>
 *   <tr><td>gpu, gpuVendor / {@code _GPU_VENDOR}</td><td>parameter gpu=1, key {@code amd}</td><td>
 *       limit {@code amd.com/gpu: 1}; the scheduler put the pod on the one node the test gave
 *       {@code amd.com/gpu} capacity (a node status patch, as a device plugin makes), which the
 *       task sees as {@code METAFLOW_KUBERNETES_NODE_NAME}</td></tr>
 *   <tr><td>extendedResources</td><td>parameter (gpu)</td><td>requests and limits {@code
 *       example.com/dongle}, scheduled on the node with that capacity</td></tr>
 *   <tr><td>nodeSelector, tolerations / {@code _NODE_SELECTOR}, {@code _TOLERATIONS}</td><td>
 *       parameters (placed); keys (restricted)</td><td>the pods run on the tainted node {@code
 *       flowline-node-2} (the node name in the task), which start, without the toleration, does
 *       not get</td></tr>
 *   <tr><td>qos / {@code _QOS}</td><td>key {@code Guaranteed}; parameter {@code Burstable}
 *       (placed)</td><td>pod {@code status.qosClass}; limits equal requests (none for Burstable);
 *       the task's memory cgroup limit (none for Burstable)</td></tr>
 *   <tr><td>persistentVolumeClaims / {@code _PERSISTENT_VOLUME_CLAIMS}</td><td>key; a PV and a
 *       PVC the test creates and waits to be Bound</td><td>start writes a file on the claim,
 *       placed (another pod, on another node) reads it</td></tr>
 *   <tr><td>sharedMemory / {@code _SHARED_MEMORY}</td><td>key 64; parameter 128 (sized)</td><td>
 *       {@code /dev/shm} in the task is a tmpfs of 64 (128) MiB</td></tr>
 *   <tr><td>useTmpfs, tmpfsSize, tmpfsPath, tmpfsTempdir</td><td>parameters (sized; gpu:
 *       useTmpfs with tmpfsTempdir=false)</td><td>in the task: {@code METAFLOW_TEMPDIR=/scratch},
 *       {@code java.io.tmpdir} is it, a tmpfs of 96 MiB, and a temporary file lands there; gpu: a
 *       tmpfs of half the memory (512 MiB) at {@code /metaflow_temp}, no {@code METAFLOW_TEMPDIR},
 *       {@code java.io.tmpdir} is {@code /tmp}</td></tr>
 *   <tr><td>secrets / {@code _SECRETS}</td><td>key (two Secrets); parameter (sized)</td><td>the
 *       Secrets' keys are environment variables of the task (the union in sized)</td></tr>
 *   <tr><td>labels, annotations / {@code _LABELS}, {@code _ANNOTATIONS}</td><td>keys; parameters
 *       (sized, merged per key)</td><td>pod and Job metadata</td></tr>
 *   <tr><td>port / {@code _PORT}</td><td>key 8787; parameter 9000 (sized)</td><td>the container
 *       port on the pod only: a container port is informational in Kubernetes (each pod of
 *       the node agent has its own address, but not its own port space)</td></tr>
 *   <tr><td>securityContext</td><td>parameter (sized); {@code --with} (restricted)</td><td>pod and
 *       container security context; in the task ({@code /proc/self/status}): user, group,
 *       supplementary group (fsGroup), {@code NoNewPrivs}, the bounding set without the dropped
 *       capabilities</td></tr>
 *   <tr><td>securityProfile / {@code _SECURITY_PROFILE}</td><td>key {@code restricted}</td><td>the
 *       pod is admitted in a namespace labelled {@code
 *       pod-security.kubernetes.io/enforce=restricted} (where a plain pod is refused) and runs: the
 *       task works in {@code /flowline}, as user 4242 (from {@code --with}), group 1000, no
 *       capabilities, {@code NoNewPrivs}</td></tr>
 *   <tr><td>{@code _SANDBOX_INIT_SCRIPT} ({@code METAFLOW_INIT_SCRIPT})</td><td>key</td><td>the
 *       task sees the variable the script exported and the file it wrote before the task's JVM
 *       started; both variables are in its environment</td></tr>
 *   <tr><td>{@code _FETCH_EC2_METADATA}</td><td>key {@code true}</td><td>the variable in the
 *       task's environment (nothing reads EC2 metadata yet, docs/kubernetes.md)</td></tr>
 *   <tr><td>{@code _JOB_TTL_SECONDS_AFTER_FINISHED}</td><td>key 3600 (matrix), 5
 *       (restricted)</td><td>Job {@code ttlSecondsAfterFinished}; the restricted run's Jobs are
 *       deleted by the TTL controller after the run</td></tr>
 *   <tr><td>pendingTimeout / {@code _PENDING_TIMEOUT}</td><td>key 5, a node selector no node
 *       matches</td><td>the run fails within seconds, naming the scheduler's reason and {@code
 *       nodeSelector}</td></tr>
 *   <tr><td>{@code METAFLOW_DEFAULT_RUNTIME_LIMIT}, {@code @Timeout}</td><td>key 7200; {@code
 *       @Timeout(minutes = 30)} (sized)</td><td>pod {@code activeDeadlineSeconds}</td></tr>
 *   <tr><td>{@code @Environment}</td><td>sized</td><td>the variable in the task</td></tr>
 *   <tr><td>datastore roots ({@code METAFLOW_DATASTORE_SYSROOT_S3}, {@code _AZURE}, {@code _GS}),
 *       {@code METAFLOW_S3_ENDPOINT_URL}</td><td>keys</td><td>S3: the tasks stored their artifacts
 *       there; all are in the task's environment</td></tr>
 *   <tr><td>Argo keys</td><td>keys</td><td>{@code _ARGO_WORKFLOWS_KUBERNETES_SECRETS}, {@code
 *       _ARGO_EVENTS_WEBHOOK_URL}, {@code _ARGO_EVENTS_EVENT_BUS} are in the task's environment;
 *       {@code _ARGO_WORKFLOWS_UI_URL}, {@code _ARGO_EVENTS_SENSOR_NAMESPACE} are not (as in
 *       Metaflow)</td></tr>
 *   <tr><td>{@code _CODE_PACKAGE=fetch}, {@code _CODE_PACKAGE_URL_TTL}</td><td>default; key
 *       3600</td><td>the pods fetched the code; the manifest URL the pod got expires after 3600 s
 *       ({@code X-Amz-Expires})</td></tr>
 * </table>
 *
 * <p>Where only a key or only a parameter is used, the other form resolves into the same setting
 * before anything is rendered ({@code StepSettingsResolver}; each key and parameter goes through
 * {@code kubernetes render} in EverySettingThroughRenderTest).
 *
 * <p>Not checked here, and why: {@code readOnlyRootFilesystem}, {@code privileged} and the seccomp
 * profile are on the pod but not applied by the node agent (pods are local processes on the host's
 * root file system); cpu and ephemeral-storage are requests and limits on the pod, which the node
 * agent does not enforce (no cpu cgroup, no disk accounting); {@code hostnameResolutionTimeout} is
 * for multi-node steps, which single Jobs do not have; {@code infrastructureRetries}, {@code
 * oomMemoryFactor} and {@code oomMemoryMax} act only when the cluster ends a pod or the kernel
 * OOM-kills it (KubernetesRunEndToEndTest has an OOM kill; the launcher's tests the policies);
 * {@code METAFLOW_KUBERNETES_JOB_TERMINATE_MODE} acts when a run is stopped
 * (KubernetesRunEndToEndTest); image mode of the code package needs an image with the application
 * in Jib's layout, which the catalog does not have. {@code current().executor()} is {@code "local"}
 * in a pod (StepExecutor writes it as a constant): the tasks are seen to run on Kubernetes through
 * {@code METAFLOW_RUNTIME_ENVIRONMENT} instead.
 */
@ExtendWith(TestClusterExtension.class)
class KubernetesSettingsEndToEndTest {
  private static final String FLOW = "KubernetesSettingsFlow";
  private static final String TAINTED_NODE = "flowline-node-2";
  private static final String GPU_NODE = "flowline-node-1";
  private static final String INIT_SCRIPT =
      "export FLOWLINE_INIT_MARK=\"init ran in ${HOSTNAME}\"; date +%s%3N > /tmp/flowline-init-ran";
  private static final String TOLERATION =
      "{\"key\": \""
          + TestCluster.TAINT_KEY
          + "\", \"operator\": \"Equal\", \"value\": \"true\","
          + " \"effect\": \"NoSchedule\"}";

  private static S3MockLauncher s3;

  @TempDir static Path servers;
  @TempDir Path work;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3MockLauncher.start(servers.resolve("s3"), "flowline");
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  // ------------------------------------------------------------------------------------------------
  // the matrix

  @Test
  void everySettingReachesThePod(TestNamespace ns) throws Exception {
    var client = ns.client();
    secret(ns, "s3-credentials", s3Credentials());
    secret(ns, "flowline-settings", Map.of("SETTINGS_SECRET", "from-configured-secret"));
    secret(ns, "flowline-step-secret", Map.of("STEP_SECRET", "from-step-secret"));
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("regcred")
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .addToStringData(
                    ".dockerconfigjson",
                    "{\"auths\": {\"registry.flowline.test\": {\"username\": \""
                        + ImageCatalog.PRIVATE_USER
                        + "\", \"password\": \""
                        + ImageCatalog.PRIVATE_PASSWORD
                        + "\"}}}")
                .build())
        .create();
    client
        .serviceAccounts()
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("flowline-runner")
                .endMetadata()
                .build())
        .create();
    String pv = claim(ns, "flowline-data");
    advertise(ns, GPU_NODE, Map.of("amd.com/gpu", "1", "example.com/dongle", "1"));
    try {
      var settings = new LinkedHashMap<>(datastore(ns));
      settings.put("METAFLOW_KUBERNETES_NAMESPACE", ns.name());
      settings.put("METAFLOW_KUBERNETES_SERVICE_ACCOUNT", "flowline-runner");
      settings.put("METAFLOW_KUBERNETES_CONTAINER_REGISTRY", ImageCatalog.PRIVATE_REGISTRY);
      settings.put("METAFLOW_KUBERNETES_CONTAINER_IMAGE", "eclipse-temurin:17-jre");
      settings.put("METAFLOW_KUBERNETES_IMAGE_PULL_POLICY", "Always");
      settings.put("METAFLOW_KUBERNETES_IMAGE_PULL_SECRETS", "[\"regcred\"]");
      settings.put("METAFLOW_KUBERNETES_CPU", "0.5");
      settings.put("METAFLOW_KUBERNETES_MEMORY", "1024");
      settings.put("METAFLOW_KUBERNETES_DISK", "2048");
      settings.put("METAFLOW_KUBERNETES_GPU_VENDOR", "amd");
      settings.put("METAFLOW_KUBERNETES_QOS", "Guaranteed");
      settings.put(
          "METAFLOW_KUBERNETES_PERSISTENT_VOLUME_CLAIMS",
          "{\"flowline-data\": \"/mnt/flowline-data\"}");
      settings.put("METAFLOW_KUBERNETES_SHARED_MEMORY", "64");
      settings.put("METAFLOW_KUBERNETES_SECRETS", "s3-credentials,flowline-settings");
      settings.put("METAFLOW_KUBERNETES_LABELS", "team=ml,cost-center=e2e");
      settings.put("METAFLOW_KUBERNETES_ANNOTATIONS", "note=from-config,owner=matrix");
      settings.put("METAFLOW_KUBERNETES_PORT", "8787");
      settings.put("METAFLOW_KUBERNETES_FETCH_EC2_METADATA", "true");
      settings.put("METAFLOW_KUBERNETES_SANDBOX_INIT_SCRIPT", INIT_SCRIPT);
      settings.put("METAFLOW_KUBERNETES_JOB_TTL_SECONDS_AFTER_FINISHED", "3600");
      settings.put("METAFLOW_KUBERNETES_CODE_PACKAGE_URL_TTL", "3600");
      settings.put("METAFLOW_DEFAULT_RUNTIME_LIMIT", "7200");
      settings.put("METAFLOW_DATASTORE_SYSROOT_AZURE", "flowline-container/matrix");
      settings.put("METAFLOW_DATASTORE_SYSROOT_GS", "gs://flowline-bucket/matrix");
      settings.put("METAFLOW_ARGO_WORKFLOWS_KUBERNETES_SECRETS", "argo-secret");
      settings.put("METAFLOW_ARGO_EVENTS_WEBHOOK_URL", "http://events.example:12000/webhook");
      settings.put("METAFLOW_ARGO_EVENTS_EVENT_BUS", "flowline-bus");
      settings.put("METAFLOW_ARGO_WORKFLOWS_UI_URL", "https://argo.example");
      settings.put("METAFLOW_ARGO_EVENTS_SENSOR_NAMESPACE", "argo-events");

      var cli = new FlowlineCli(flowFile(FLOW));
      long t0 = System.nanoTime();
      var r = cli.run(settings, FLOW + ".java", "run", "--with", "kubernetes");
      System.out.printf("matrix run: %d s%n", (System.nanoTime() - t0) / 1_000_000_000L);
      assertThat(r.code()).as(r.all()).isZero();

      Map<String, Map<String, String>> seen = new HashMap<>();
      try (FlowlineClient flowline = client(settings)) {
        Run run = flowline.flow(FLOW).latestRun().orElseThrow();
        assertThat(run.successful()).isTrue();
        for (var step : List.of("start", "sized", "gpu", "placed", "join", "end")) {
          @SuppressWarnings("unchecked")
          Map<String, String> s = run.step(step).task().artifact("seen", Map.class);
          seen.put(step, s);
        }
      }
      Map<String, Pod> pods = new HashMap<>();
      for (var pod : client.pods().list().getItems()) {
        pods.put(pod.getMetadata().getLabels().get("flowline.dev/step"), pod);
      }
      assertThat(pods).containsOnlyKeys(seen.keySet());

      checkEveryPod(ns, seen, pods);
      checkStart(seen.get("start"), pods.get("start"));
      checkSized(seen.get("sized"), pods.get("sized"));
      checkGpu(seen.get("gpu"), pods.get("gpu"));
      checkPlaced(seen.get("placed"), pods.get("placed"), pods.get("start"));

      var jobs = client.batch().v1().jobs().list().getItems();
      assertThat(jobs).hasSize(6);
      for (var job : jobs) {
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
        assertThat(job.getMetadata().getLabels()).containsEntry("cost-center", "e2e");
        assertThat(job.getMetadata().getAnnotations()).containsEntry("owner", "matrix");
      }
    } finally {
      advertise(ns, GPU_NODE, Map.of("amd.com/gpu", "", "example.com/dongle", ""));
      client.persistentVolumes().withName(pv).delete();
    }
  }

  /** What every pod of the matrix run has: the configured settings no step overrides. */
  private static void checkEveryPod(
      TestNamespace ns, Map<String, Map<String, String>> seen, Map<String, Pod> pods) {
    for (var step : seen.keySet()) {
      var s = seen.get(step);
      var pod = pods.get(step);
      var main = pod.getSpec().getContainers().get(0);
      String what = "step " + step + ": " + s;
      // namespace
      assertThat(pod.getMetadata().getNamespace()).isEqualTo(ns.name());
      assertThat(s).as(what).containsEntry("env.METAFLOW_KUBERNETES_POD_NAMESPACE", ns.name());
      // service account: the pod runs with the account's token
      assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("flowline-runner");
      assertThat(s)
          .as(what)
          .containsEntry("env.METAFLOW_KUBERNETES_SERVICE_ACCOUNT_NAME", "flowline-runner");
      assertThat(s.get("token.claims"))
          .as(what)
          .contains("\"sub\":\"system:serviceaccount:" + ns.name() + ":flowline-runner\"");
      // image pull secrets: the private registry's images are pulled with them only
      assertThat(pod.getSpec().getImagePullSecrets())
          .extracting(ref -> ref.getName())
          .containsExactly("regcred");
      // the image ran: JAVA_HOME is the catalog image's
      assertThat(s).as(what).containsKey("env.JAVA_HOME");
      assertThat(pod.getStatus().getContainerStatuses().get(0).getImage())
          .isEqualTo(main.getImage());
      if (!step.equals("placed")) {
        // QoS Guaranteed: limits equal requests (for cpu, memory, disk), the cgroup limit is memory
        assertThat(pod.getStatus().getQosClass()).isEqualTo("Guaranteed");
        for (var resource : List.of("cpu", "memory", "ephemeral-storage")) {
          assertThat(amount(main.getResources().getLimits().get(resource)))
              .as(step + " limit of " + resource)
              .isEqualByComparingTo(amount(main.getResources().getRequests().get(resource)));
        }
        assertThat(s.get("cgroup.memory.limit"))
            .as(what)
            .isEqualTo(cgroupLimit(main.getResources().getLimits().get("memory")));
      }
      // secrets from the configuration
      assertThat(s).as(what).containsEntry("env.SETTINGS_SECRET", "from-configured-secret");
      assertThat(s).as(what).containsEntry("env.AWS_ACCESS_KEY_ID", "e2e");
      // the claim
      assertThat(pod.getSpec().getVolumes())
          .anySatisfy(
              v -> {
                assertThat(v.getName()).isEqualTo("pvc-flowline-data");
                assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("flowline-data");
              });
      // init script: it ran in the container's shell before the task's JVM started
      assertThat(s).as(what).containsEntry("env.METAFLOW_INIT_SCRIPT", INIT_SCRIPT);
      assertThat(s)
          .as(what)
          .containsEntry("env.METAFLOW_KUBERNETES_SANDBOX_INIT_SCRIPT", INIT_SCRIPT);
      assertThat(s)
          .as(what)
          .containsEntry("env.FLOWLINE_INIT_MARK", "init ran in " + s.get("hostname"));
      assertThat(Long.parseLong(s.get("init.file")))
          .as(what)
          .isLessThanOrEqualTo(Long.parseLong(s.get("jvm.startMillis")));
      // forwarded configuration
      assertThat(s)
          .as(what)
          .containsEntry("env.METAFLOW_KUBERNETES_FETCH_EC2_METADATA", "true")
          .containsEntry("env.METAFLOW_DATASTORE_SYSROOT_S3", "s3://flowline/k8s")
          .containsEntry("env.METAFLOW_DATASTORE_SYSROOT_AZURE", "flowline-container/matrix")
          .containsEntry("env.METAFLOW_DATASTORE_SYSROOT_GS", "gs://flowline-bucket/matrix")
          .containsEntry("env.METAFLOW_S3_ENDPOINT_URL", s3.endpoint().toString())
          .containsEntry("env.METAFLOW_ARGO_WORKFLOWS_KUBERNETES_SECRETS", "argo-secret")
          .containsEntry(
              "env.METAFLOW_ARGO_EVENTS_WEBHOOK_URL", "http://events.example:12000/webhook")
          .containsEntry("env.METAFLOW_ARGO_EVENTS_EVENT_BUS", "flowline-bus")
          .doesNotContainKeys(
              "env.METAFLOW_ARGO_WORKFLOWS_UI_URL", "env.METAFLOW_ARGO_EVENTS_SENSOR_NAMESPACE");
      // the code package: fetched, through a URL that lives as long as configured
      assertThat(s.get("env.FLOWLINE_CODE_URL")).as(what).contains("X-Amz-Expires=3600");
      // where and as whom the task runs
      assertThat(s)
          .as(what)
          .containsEntry("current.stepName", step)
          // current().executor() says "local" in a pod: StepExecutor hard-codes it (reported)
          .containsEntry("env.METAFLOW_RUNTIME_ENVIRONMENT", "kubernetes")
          .containsEntry("current.username", "tester")
          .containsEntry("env.METAFLOW_KUBERNETES_POD_NAME", pod.getMetadata().getName())
          .containsEntry("env.METAFLOW_KUBERNETES_NODE_NAME", pod.getSpec().getNodeName());
      // labels and annotations from the configuration (the step may override per key)
      assertThat(pod.getMetadata().getLabels())
          .containsEntry("cost-center", "e2e")
          .containsEntry("flowline.dev/flow", FLOW)
          .containsEntry("flowline.dev/run", s.get("current.runId"));
      assertThat(pod.getMetadata().getAnnotations())
          .containsEntry("owner", "matrix")
          .containsEntry("flowline.dev/task", s.get("current.taskId"));
      // every pod but the Never one was pulled although the image is on the node
      boolean pulled = pulling(ns, pod);
      if (step.equals("placed")) {
        assertThat(main.getImagePullPolicy()).isEqualTo("Never");
        assertThat(pulled).as("a Never pod is not pulled").isFalse();
      } else {
        assertThat(main.getImagePullPolicy()).isEqualTo("Always");
        assertThat(pulled).as(step + ": Always pulls").isTrue();
        assertThat(main.getImage())
            .isEqualTo(ImageCatalog.PRIVATE_REGISTRY + "/eclipse-temurin:17-jre");
      }
      if (!step.equals("sized")) {
        assertThat(s.get("shm.type")).as(what).isEqualTo("tmpfs");
        assertThat(s.get("shm.totalSpace")).as(what).isEqualTo(Long.toString(64L << 20));
        assertThat(main.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(8787);
        assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(7200L);
        assertThat(pod.getMetadata().getLabels()).containsEntry("team", "ml");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("note", "from-config");
        assertThat(s).as(what).doesNotContainKey("env.STEP_SECRET");
      }
      if (!step.equals("sized") && !step.equals("gpu")) {
        assertThat(amount(main.getResources().getRequests().get("cpu")))
            .isEqualByComparingTo("0.5");
        assertThat(amount(main.getResources().getRequests().get("memory")))
            .isEqualByComparingTo("1024000000");
        assertThat(amount(main.getResources().getRequests().get("ephemeral-storage")))
            .isEqualByComparingTo("2048000000");
      }
    }
  }

  private static void checkStart(Map<String, String> s, Pod pod) {
    assertThat(s.get("claim.wrote")).startsWith("/mnt/flowline-data/");
    assertThat(pod.getSpec().getNodeName())
        .as("a pod without the toleration never lands on the tainted node")
        .isNotEqualTo(TAINTED_NODE);
  }

  private static void checkSized(Map<String, String> s, Pod pod) {
    var main = pod.getSpec().getContainers().get(0);
    String what = "step sized: " + s;
    // resources: parameters over the configuration, @Resources(memory) as the max
    assertThat(amount(main.getResources().getRequests().get("cpu"))).isEqualByComparingTo("0.75");
    assertThat(amount(main.getResources().getRequests().get("memory")))
        .isEqualByComparingTo("1200000000");
    assertThat(amount(main.getResources().getRequests().get("ephemeral-storage")))
        .isEqualByComparingTo("3072000000");
    assertThat(s.get("cgroup.memory.limit")).as(what).isEqualTo(cgroupLimit(new Quantity("1200M")));
    // shared memory and tmpfs as the task sees them
    assertThat(s.get("shm.type")).as(what).isEqualTo("tmpfs");
    assertThat(s.get("shm.totalSpace")).as(what).isEqualTo(Long.toString(128L << 20));
    assertThat(s)
        .as(what)
        .containsEntry("env.METAFLOW_TEMPDIR", "/scratch")
        .containsEntry("java.io.tmpdir", "/scratch")
        .containsEntry("tmpdir.type", "tmpfs")
        .containsEntry("tmpdir.totalSpace", Long.toString(96L << 20));
    assertThat(s.get("tempfile")).as(what).startsWith("/scratch/flowline-");
    // port, labels, annotations, secrets, environment, time limit of the step
    assertThat(main.getPorts()).extracting(p -> p.getContainerPort()).containsExactly(9000);
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("team", "flow")
        .containsEntry("tier", "sized")
        .containsEntry("cost-center", "e2e");
    assertThat(pod.getMetadata().getAnnotations())
        .containsEntry("note", "from-step")
        .containsEntry("owner", "matrix");
    assertThat(s)
        .as(what)
        .containsEntry("env.STEP_SECRET", "from-step-secret")
        .containsEntry("env.SETTINGS_SECRET", "from-configured-secret")
        .containsEntry("env.STEP_MODE", "sized");
    assertThat(pod.getSpec().getActiveDeadlineSeconds()).isEqualTo(1800L);
    // security context: on the pod, and what the process is
    var sc = main.getSecurityContext();
    assertThat(sc.getRunAsUser()).isEqualTo(1234L);
    assertThat(sc.getRunAsGroup()).isEqualTo(2345L);
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getCapabilities().getDrop()).containsExactlyInAnyOrder("NET_RAW", "MKNOD");
    assertThat(pod.getSpec().getSecurityContext().getFsGroup()).isEqualTo(3456L);
    assertThat(s.get("status.Uid")).as(what).startsWith("1234\t");
    assertThat(s.get("status.Gid")).as(what).startsWith("2345\t");
    assertThat(s.get("status.Groups").split("\\s+")).as(what).contains("3456");
    assertThat(s.get("status.NoNewPrivs")).as(what).isEqualTo("1");
    long bounding = Long.parseUnsignedLong(s.get("status.CapBnd"), 16);
    assertThat(bounding & (1L << 13)).as("NET_RAW dropped: " + what).isZero();
    assertThat(bounding & (1L << 27)).as("MKNOD dropped: " + what).isZero();
    assertThat(bounding & (1L << 21)).as("SYS_ADMIN kept: " + what).isNotZero();
  }

  private static void checkGpu(Map<String, String> s, Pod pod) {
    var main = pod.getSpec().getContainers().get(0);
    assertThat(main.getResources().getLimits())
        .containsEntry("amd.com/gpu", new Quantity("1"))
        .containsEntry("example.com/dongle", new Quantity("1"));
    assertThat(main.getResources().getRequests())
        .containsEntry("example.com/dongle", new Quantity("1"));
    assertThat(pod.getSpec().getNodeName())
        .as("the only node with amd.com/gpu and example.com/dongle")
        .isEqualTo(GPU_NODE);
    assertThat(s).containsEntry("env.METAFLOW_KUBERNETES_NODE_NAME", GPU_NODE);
    // tmpfs without tmpfsTempdir: at the default path, half the memory, not the temp dir
    assertThat(s)
        .containsEntry("tmpfs.type", "tmpfs")
        .containsEntry("tmpfs.totalSpace", Long.toString(512L << 20))
        .containsEntry("java.io.tmpdir", "/tmp")
        .doesNotContainKey("env.METAFLOW_TEMPDIR");
  }

  private static void checkPlaced(Map<String, String> s, Pod pod, Pod start) {
    var main = pod.getSpec().getContainers().get(0);
    assertThat(pod.getSpec().getNodeSelector()).containsEntry(TestCluster.POOL_LABEL, "tainted");
    assertThat(pod.getSpec().getTolerations())
        .anySatisfy(
            t -> {
              assertThat(t.getKey()).isEqualTo(TestCluster.TAINT_KEY);
              assertThat(t.getEffect()).isEqualTo("NoSchedule");
            });
    assertThat(pod.getSpec().getNodeName()).isEqualTo(TAINTED_NODE);
    assertThat(s).containsEntry("env.METAFLOW_KUBERNETES_NODE_NAME", TAINTED_NODE);
    assertThat(main.getImage())
        .isEqualTo(ImageCatalog.PRIVATE_REGISTRY + "/eclipse-temurin:17-jdk");
    // qos Burstable over the configured Guaranteed: requests only, no memory cgroup limit
    assertThat(pod.getStatus().getQosClass()).isEqualTo("Burstable");
    assertThat(main.getResources().getLimits()).isNullOrEmpty();
    assertThat(Long.parseLong(s.get("cgroup.memory.limit"))).isGreaterThan(1L << 40);
    // the file start wrote on the claim, from another pod on another node
    assertThat(s).containsEntry("claim.read", start.getMetadata().getName());
  }

  // ------------------------------------------------------------------------------------------------
  // the restricted profile

  @Test
  void theRestrictedProfileRunsInARestrictedNamespace(TestNamespace ns) throws Exception {
    var client = ns.client();
    client
        .namespaces()
        .withName(ns.name())
        .edit(
            n -> {
              n.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "restricted");
              n.getMetadata()
                  .getLabels()
                  .put("pod-security.kubernetes.io/enforce-version", "latest");
              return n;
            });
    assertPlainPodsAreRejected(ns);
    secret(ns, "s3-credentials", s3Credentials());

    var settings = new LinkedHashMap<>(datastore(ns));
    // no METAFLOW_KUBERNETES_NAMESPACE: the namespace comes from --with (the key's default is
    // "default")
    settings.put("METAFLOW_KUBERNETES_SECURITY_PROFILE", "restricted");
    settings.put("METAFLOW_KUBERNETES_NODE_SELECTOR", TestCluster.POOL_LABEL + "=tainted");
    settings.put("METAFLOW_KUBERNETES_TOLERATIONS", "[" + TOLERATION + "]");
    settings.put("METAFLOW_KUBERNETES_JOB_TTL_SECONDS_AFTER_FINISHED", "5");
    settings.put("METAFLOW_KUBERNETES_SECRETS", "s3-credentials");
    settings.put("METAFLOW_KUBERNETES_CPU", "0.5");
    settings.put("METAFLOW_KUBERNETES_MEMORY", "1024");

    // the pods as the API server held them (their Jobs are deleted 5 s after they finish)
    Map<String, Pod> pods = new ConcurrentHashMap<>();
    var informer =
        client
            .pods()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    pods.put(pod.getMetadata().getName(), pod);
                  }

                  @Override
                  public void onUpdate(Pod before, Pod pod) {
                    pods.put(pod.getMetadata().getName(), pod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknown) {}
                });
    try {
      var cli = new FlowlineCli(flowFile("RestrictedSettingsFlow"));
      long t0 = System.nanoTime();
      var r =
          cli.run(
              settings,
              "RestrictedSettingsFlow.java",
              "run",
              "--with",
              "kubernetes:namespace=" + ns.name() + ",securityContext=[\"runAsUser=4242\"]");
      System.out.printf("restricted run: %d s%n", (System.nanoTime() - t0) / 1_000_000_000L);
      assertThat(r.code()).as(r.all()).isZero();

      try (FlowlineClient flowline = client(settings)) {
        Run run = flowline.flow("RestrictedSettingsFlow").latestRun().orElseThrow();
        assertThat(run.successful()).isTrue();
        for (var step : List.of("start", "end")) {
          @SuppressWarnings("unchecked")
          Map<String, String> s = run.step(step).task().artifact("seen", Map.class);
          String what = "step " + step + ": " + s;
          assertThat(s)
              .as(what)
              .containsEntry("env.METAFLOW_KUBERNETES_POD_NAMESPACE", ns.name())
              .containsEntry("env.METAFLOW_KUBERNETES_NODE_NAME", TAINTED_NODE)
              .containsEntry("cwd", "/flowline")
              .containsEntry("cwd.writable", "true")
              .containsEntry("status.NoNewPrivs", "1")
              .containsEntry("status.CapBnd", "0000000000000000");
          assertThat(s.get("status.Uid")).as(what).startsWith("4242\t");
          assertThat(s.get("status.Gid")).as(what).startsWith("1000\t");
        }
      }
      var taskPods =
          pods.values().stream()
              .filter(p -> p.getMetadata().getLabels().containsKey("flowline.dev/step"))
              .toList();
      assertThat(taskPods).hasSize(2);
      String image = "eclipse-temurin:" + Runtime.version().feature() + "-jre";
      for (var pod : taskPods) {
        var main = pod.getSpec().getContainers().get(0);
        assertThat(main.getImage()).as("the default image").isEqualTo(image);
        assertThat(pod.getSpec().getNodeName()).isEqualTo(TAINTED_NODE);
        assertThat(pod.getSpec().getNodeSelector())
            .containsEntry(TestCluster.POOL_LABEL, "tainted");
        var sc = main.getSecurityContext();
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getRunAsUser()).isEqualTo(4242L);
        assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
            .isEqualTo("RuntimeDefault");
        assertThat(main.getWorkingDir()).isEqualTo("/flowline");
      }
      // the TTL controller deletes the finished Jobs (and their pods)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!client.batch().v1().jobs().list().getItems().isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      assertThat(client.batch().v1().jobs().list().getItems())
          .as("deleted 5 s after they finished")
          .isEmpty();
    } finally {
      informer.close();
    }
  }

  // ------------------------------------------------------------------------------------------------
  // pending timeout

  @Test
  void aPodNoNodeTakesFailsAfterThePendingTimeout(TestNamespace ns) throws Exception {
    secret(ns, "s3-credentials", s3Credentials());
    var settings = new LinkedHashMap<>(datastore(ns));
    settings.put("METAFLOW_KUBERNETES_NAMESPACE", ns.name());
    settings.put("METAFLOW_KUBERNETES_SECRETS", "s3-credentials");
    settings.put("METAFLOW_KUBERNETES_CPU", "0.5");
    settings.put("METAFLOW_KUBERNETES_MEMORY", "512");
    settings.put("METAFLOW_KUBERNETES_PENDING_TIMEOUT", "5");
    var cli = new FlowlineCli(Files.createDirectories(work.resolve("pending")));
    long t0 = System.nanoTime();
    var r =
        cli.run(
            settings,
            "dev.flowline.examples.HelloFlow",
            "run",
            "--with",
            "kubernetes:nodeSelector=[\"" + TestCluster.POOL_LABEL + "=nowhere\"]");
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    System.out.printf("pending run: %d s%n", seconds);
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.all())
        .contains("didn't match Pod's node affinity/selector")
        .contains("nodeSelector");
    assertThat(seconds).as("the 5 s pending timeout, not the default 600 s").isLessThan(90);
  }

  /**
   * A plain pod is refused in the namespace (the label is in force), so admission means passing.
   */
  private static void assertPlainPodsAreRejected(TestNamespace ns) throws InterruptedException {
    var plain =
        new PodBuilder()
            .withNewMetadata()
            .withName("plain")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox:1")
            .endContainer()
            .endSpec()
            .build();
    String refusal = null;
    for (int i = 0; i < 50 && refusal == null; i++) {
      try {
        ns.client().pods().resource(plain).dryRun().create();
        Thread.sleep(200);
      } catch (KubernetesClientException e) {
        refusal = e.getMessage();
      }
    }
    assertThat(refusal).contains("violates PodSecurity \"restricted:latest\"");
  }

  // ------------------------------------------------------------------------------------------------
  // set-up

  /** The work dir with the flow file copied in. */
  private Path flowFile(String flow) throws Exception {
    Path dir = Files.createDirectories(work.resolve(flow));
    try (InputStream in = getClass().getResourceAsStream("/flows/kubernetes/" + flow + ".java")) {
      Files.copy(in, dir.resolve(flow + ".java"));
    }
    return dir;
  }

  private static Map<String, String> s3Credentials() {
    return Map.of(
        "AWS_ACCESS_KEY_ID", "e2e", "AWS_SECRET_ACCESS_KEY", "e2e", "AWS_REGION", "us-east-1");
  }

  private static void secret(TestNamespace ns, String name, Map<String, String> data) {
    ns.client()
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(data)
                .build())
        .create();
  }

  /** The datastore and the cluster, as the launching machine has them. */
  private static Map<String, String> datastore(TestNamespace ns) {
    var env = new LinkedHashMap<String, String>();
    env.put("METAFLOW_DEFAULT_DATASTORE", "s3");
    env.put("METAFLOW_DATASTORE_SYSROOT_S3", "s3://flowline/k8s");
    env.put("METAFLOW_S3_ENDPOINT_URL", s3.endpoint().toString());
    env.put("AWS_ACCESS_KEY_ID", "e2e");
    env.put("AWS_SECRET_ACCESS_KEY", "e2e");
    env.put("AWS_REGION", "us-east-1");
    env.put("KUBECONFIG", ns.cluster().kubeconfig().toString());
    return env;
  }

  private FlowlineClient client(Map<String, String> settings) {
    var env = new HashMap<>(settings);
    env.put("METAFLOW_HOME", work.resolve("home").toString());
    env.put("METAFLOW_USER", "tester");
    return FlowlineClient.open(Config.load(env, work), "s3");
  }

  /**
   * A PersistentVolume (hostPath) pre-bound to a new claim {@code name} of the namespace; waits
   * until the claim is Bound. Returns the volume's name (cluster-wide: the caller deletes it).
   */
  private static String claim(TestNamespace ns, String name) {
    var client = ns.client();
    String pv = "pv-" + ns.name();
    client
        .persistentVolumes()
        .resource(
            new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(pv)
                .endMetadata()
                .withNewSpec()
                .addToCapacity("storage", new Quantity("1Gi"))
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName("flowline-manual")
                .withPersistentVolumeReclaimPolicy("Retain")
                .withNewHostPath()
                .withPath("/tmp/" + pv)
                .withType("DirectoryOrCreate")
                .endHostPath()
                .withNewClaimRef()
                .withNamespace(ns.name())
                .withName(name)
                .endClaimRef()
                .endSpec()
                .build())
        .create();
    client
        .persistentVolumeClaims()
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName("flowline-manual")
                .withVolumeName(pv)
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
    client
        .persistentVolumeClaims()
        .withName(name)
        .waitUntilCondition(
            c -> c != null && "Bound".equals(c.getStatus().getPhase()), 60, TimeUnit.SECONDS);
    return pv;
  }

  /**
   * Adds extended resources to a node's capacity, as a device plugin does (an empty quantity
   * removes one). The node agent's heartbeat patches only its own resources, so these stay.
   */
  private static void advertise(TestNamespace ns, String node, Map<String, String> resources) {
    var quantities = new StringBuilder();
    resources.forEach(
        (k, v) ->
            quantities
                .append(quantities.length() == 0 ? "" : ", ")
                .append('"')
                .append(k)
                .append("\": ")
                .append(v.isEmpty() ? "null" : "\"" + v + "\""));
    String body =
        "{\"status\": {\"capacity\": {" + quantities + "}, \"allocatable\": {" + quantities + "}}}";
    ns.client()
        .nodes()
        .withName(node)
        .subresource("status")
        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), body);
    if (resources.values().stream().noneMatch(String::isEmpty)) {
      ns.client()
          .nodes()
          .withName(node)
          .waitUntilCondition(
              n -> n.getStatus().getAllocatable().keySet().containsAll(resources.keySet()),
              30,
              TimeUnit.SECONDS);
    }
  }

  /** Whether the node pulled the pod's image (a {@code Pulling} event). */
  private static boolean pulling(TestNamespace ns, Pod pod) {
    List<Event> events = ns.client().v1().events().list().getItems();
    return events.stream()
        .anyMatch(
            e ->
                pod.getMetadata().getName().equals(e.getInvolvedObject().getName())
                    && "Pulling".equals(e.getReason()));
  }

  /** A memory limit as the kernel keeps it: rounded down to whole pages of 4 KiB. */
  private static String cgroupLimit(Quantity limit) {
    long bytes = amount(limit).longValueExact();
    return Long.toString(bytes / 4096 * 4096);
  }

  private static BigDecimal amount(Quantity q) {
    return Quantity.getAmountInBytes(q);
  }
}
