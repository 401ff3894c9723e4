import dev.flowline.Environment;
import dev.flowline.FlowSpec;
import dev.flowline.Inputs;
import dev.flowline.Resources;
import dev.flowline.Step;
import dev.flowline.Timeout;
import dev.flowline.kubernetes.Kubernetes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every step records what its pod gives it ({@link #seen}): the environment, {@code current()},
 * the process's user and privileges, its memory cgroup, {@code /dev/shm}, the temporary directory,
 * the service-account token and the files of the volume claim. The settings come from the
 * configuration (KubernetesSettingsEndToEndTest) and from the annotations below; the test reads
 * the records back with the client and compares them with the pods the API server holds.
 */
public class KubernetesSettingsFlow extends FlowSpec {
  /** Where METAFLOW_KUBERNETES_PERSISTENT_VOLUME_CLAIMS mounts the claim. */
  static final String CLAIM_PATH = "/mnt/flowline-data";

  Map<String, String> seen;

  @Step
  void start() throws IOException {
    seen = observe();
    // a file on the claim, for the pod of another step to read
    Path file = Path.of(CLAIM_PATH, current().runId() + "-start.txt");
    Files.writeString(file, System.getenv("METAFLOW_KUBERNETES_POD_NAME"));
    seen.put("claim.wrote", file.toString());
    next(this::sized, this::gpu, this::placed);
  }

  @Kubernetes(
      cpu = "0.75",
      disk = 3072,
      sharedMemory = 128,
      useTmpfs = true,
      tmpfsSize = 96,
      tmpfsPath = "/scratch",
      port = 9000,
      secrets = "flowline-step-secret",
      labels = {"team=flow", "tier=sized"},
      annotations = {"note=from-step"},
      securityContext = {
        "runAsUser=1234",
        "runAsGroup=2345",
        "fsGroup=3456",
        "allowPrivilegeEscalation=false",
        "dropCapabilities=NET_RAW;MKNOD"
      })
  @Resources(memory = 1200)
  @Timeout(minutes = 30)
  @Environment(vars = "STEP_MODE=sized")
  @Step
  void sized() throws IOException {
    seen = observe();
    Path temp = Files.createTempFile("flowline-", ".tmp");
    seen.put("tempfile", temp.toString());
    Files.delete(temp);
    next(this::join);
  }

  @Kubernetes(
      gpu = 1,
      extendedResources = "example.com/dongle=1",
      useTmpfs = true,
      tmpfsTempdir = false)
  @Step
  void gpu() throws IOException {
    seen = observe();
    next(this::join);
  }

  @Kubernetes(
      nodeSelector = "testkit.flowline.dev/pool=tainted",
      tolerations =
          "{\"key\": \"testkit.flowline.dev/dedicated\", \"operator\": \"Equal\", \"value\":"
              + " \"true\", \"effect\": \"NoSchedule\"}",
      image = "eclipse-temurin:17-jdk",
      imagePullPolicy = "Never",
      qos = "Burstable")
  @Step
  void placed() throws IOException {
    seen = observe();
    Path file = Path.of(CLAIM_PATH, current().runId() + "-start.txt");
    seen.put("claim.read", Files.exists(file) ? Files.readString(file) : "(missing)");
    next(this::join);
  }

  @Step
  void join(Inputs<KubernetesSettingsFlow> inputs) throws IOException {
    seen = observe();
    next(this::end);
  }

  @Step
  void end() throws IOException {
    seen = observe();
  }

  /** What this task's process sees of its pod. */
  private Map<String, String> observe() throws IOException {
    var out = new TreeMap<String, String>();
    System.getenv()
        .forEach(
            (k, v) -> {
              if (!k.equals("FLOWLINE_BOOTSTRAP")) {
                out.put("env." + k, v);
              }
            });
    var c = current();
    out.put("current.flowName", c.flowName());
    out.put("current.runId", c.runId());
    out.put("current.stepName", c.stepName());
    out.put("current.taskId", c.taskId());
    out.put("current.retryCount", Integer.toString(c.retryCount()));
    out.put("current.username", c.username());
    out.put("current.executor", c.executor());
    out.put("current.isRunningOnKubernetes", Boolean.toString(c.isRunningOnKubernetes()));
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        out.put("status." + line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    out.put("hostname", Files.readString(Path.of("/proc/sys/kernel/hostname")).trim());
    String cwd = System.getProperty("user.dir");
    out.put("cwd", cwd);
    out.put("cwd.writable", Boolean.toString(Files.isWritable(Path.of(cwd))));
    out.put("java.io.tmpdir", System.getProperty("java.io.tmpdir"));
    out.put("jvm.maxMemory", Long.toString(Runtime.getRuntime().maxMemory()));
    store(out, "shm", Path.of("/dev/shm"));
    store(out, "tmpdir", Path.of(System.getProperty("java.io.tmpdir")));
    store(out, "claim", Path.of(CLAIM_PATH));
    store(out, "tmpfs", Path.of("/metaflow_temp"));
    out.put("cgroup.memory.limit", memoryLimit());
    Path token = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
    if (Files.exists(token)) {
      String[] jwt = Files.readString(token).trim().split("\\.");
      out.put("token.claims", new String(Base64.getUrlDecoder().decode(jwt[1])));
    }
    Path initMark = Path.of("/tmp/flowline-init-ran");
    out.put("init.file", Files.exists(initMark) ? Files.readString(initMark).trim() : "(missing)");
    out.put("jvm.startMillis", Long.toString(ManagementFactory.getRuntimeMXBean().getStartTime()));
    return out;
  }

  private static void store(Map<String, String> out, String key, Path path) {
    try {
      var store = Files.getFileStore(path);
      out.put(key + ".type", store.type());
      out.put(key + ".totalSpace", Long.toString(store.getTotalSpace()));
    } catch (IOException e) {
      out.put(key + ".type", "(none: " + e + ")");
    }
  }

  /** The limit of the memory cgroup (v1) this process is in, or "(none)". */
  private static String memoryLimit() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
      String[] parts = line.split(":", 3);
      if (parts.length == 3 && java.util.List.of(parts[1].split(",")).contains("memory")) {
        Path limit = Path.of("/sys/fs/cgroup/memory" + parts[2], "memory.limit_in_bytes");
        return Files.exists(limit) ? Files.readString(limit).trim() : "(no file " + limit + ")";
      }
    }
    return "(none)";
  }
}
