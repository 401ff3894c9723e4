package dev.flowline.kubernetes;

import dev.flowline.config.Config;
import dev.flowline.config.OptionCatalog;
import dev.flowline.config.Settings;
import dev.flowline.kubernetes.render.GangResources;
import dev.flowline.kubernetes.render.JobRenderer;
import dev.flowline.kubernetes.render.JobSetRenderer;
import dev.flowline.kubernetes.render.TaskContext;
import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import dev.flowline.runtime.TaskSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A flow whose steps all run on Kubernetes, for tests against the cluster: steps in a chain (the
 * first is {@code start}, the last {@code end}), each with the {@code @Kubernetes} attributes
 * given, resolved with a hermetic configuration (a shared datastore that is never contacted, small
 * requests so that pods fit the test nodes) into the settings the launcher and the preflight read.
 */
public final class TestSteps {
  private final Path workDir;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> steps = new LinkedHashMap<>();
  private final java.util.Set<String> gangs = new java.util.HashSet<>();
  private String flowName = "TrainFlow";

  private TestSteps(Path workDir, String namespace) {
    this.workDir = workDir;
    env.put("METAFLOW_HOME", workDir.resolve("home").toString());
    env.put("USER", "alice");
    env.put("METAFLOW_DEFAULT_DATASTORE", "s3");
    env.put("METAFLOW_DATASTORE_SYSROOT_S3", "s3://example/flowline");
    env.put("METAFLOW_KUBERNETES_NAMESPACE", namespace);
    env.put("METAFLOW_KUBERNETES_CPU", "0.1");
    env.put("METAFLOW_KUBERNETES_MEMORY", "64");
    env.put("METAFLOW_KUBERNETES_DISK", "100");
  }

  /** Steps in {@code namespace}, configured from a folder under {@code tmp}. */
  public static TestSteps in(Path tmp, String namespace) {
    return new TestSteps(tmp, namespace);
  }

  /** The flow's name (default {@code TrainFlow}). */
  public TestSteps flow(String name) {
    this.flowName = name;
    return this;
  }

  /** A configuration value (environment). */
  public TestSteps env(String key, String value) {
    env.put(key, value);
    return this;
  }

  /** A step with {@code @Kubernetes(key = value, ...)}. */
  public TestSteps step(String name, Object... keyValues) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      attributes.put((String) keyValues[i], keyValues[i + 1]);
    }
    steps.put(name, attributes);
    return this;
  }

  /** Makes step {@code name} a gang step ({@code @Parallel}). */
  public TestSteps parallel(String name) {
    gangs.add(name);
    return this;
  }

  /** The environment (for commands). */
  public Map<String, String> env() {
    return new HashMap<>(env);
  }

  /** The configuration. */
  public Config config() {
    return Config.load(env(), workDir);
  }

  /** The flow model: the steps in a chain. */
  public FlowModel model() {
    List<String> names = new ArrayList<>(steps.keySet());
    List<StepModel> models = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      boolean last = i == names.size() - 1;
      models.add(
          new StepModel(
              names.get(i),
              last ? StepType.END : StepType.LINEAR,
              last ? List.of() : List.of(names.get(i + 1)),
              Optional.empty(),
              i == 0 ? List.of() : List.of(names.get(i - 1)),
              gangs.contains(names.get(i))
                  ? List.of(
                      new DecoratorSpec(
                          "kubernetes", steps.get(names.get(i)), DecoratorSpec.Origin.ANNOTATION),
                      new DecoratorSpec("parallel", Map.of(), DecoratorSpec.Origin.ANNOTATION))
                  : List.of(
                      new DecoratorSpec(
                          "kubernetes", steps.get(names.get(i)), DecoratorSpec.Origin.ANNOTATION)),
              0));
    }
    return new FlowModel(flowName, "com.example." + flowName, models, List.of());
  }

  /** Every step's resolved settings, by name. */
  public Map<String, KubernetesStepSettings> settings() {
    var model = model();
    return new KubernetesPreflight(Settings.resolve(config(), OptionCatalog.load()))
        .resolve(model, model.steps());
  }

  /**
   * The Job of attempt {@code attempt} of task {@code task} of {@code step} in run {@code runId},
   * as the launcher submits it, but running {@code script} in busybox with tiny requests.
   */
  public Job job(String step, String runId, String task, int attempt, String script) {
    var spec =
        new TaskSpec(
            "com.example." + flowName,
            runId,
            step,
            task,
            attempt,
            List.of(),
            Optional.empty(),
            List.of());
    var job =
        new JobRenderer().render(new TaskContext(settings().get(step), spec, Optional.of("alice")));
    return new JobBuilder(job)
        .editSpec()
        .editTemplate()
        .editSpec()
        .withTerminationGracePeriodSeconds(2L)
        .editFirstContainer()
        .withImage("busybox:1.36")
        .withCommand("sh", "-c", script)
        .withEnv(List.of())
        .withNewResources()
        .addToRequests("cpu", new Quantity("10m"))
        .addToRequests("memory", new Quantity("16Mi"))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * The JobSet and Service of attempt {@code attempt} of a gang of {@code nodes} nodes of {@code
   * step} whose control task is {@code controlTask}, as the launcher submits them, but with every
   * node running {@code script} in busybox with tiny requests.
   */
  @SuppressWarnings("unchecked")
  public GangResources gang(
      String step, String runId, String controlTask, int attempt, int nodes, String script) {
    var spec =
        new TaskSpec(
            "com.example." + flowName,
            runId,
            step,
            controlTask,
            attempt,
            List.of(),
            Optional.of(0),
            List.of());
    var gang =
        new JobSetRenderer()
            .render(new TaskContext(settings().get(step), spec, Optional.of("alice")), nodes);
    var jobSetSpec = (Map<String, Object>) gang.jobSet().getAdditionalProperties().get("spec");
    for (var rj : (List<Map<String, Object>>) jobSetSpec.get("replicatedJobs")) {
      var template = (Map<String, Object>) rj.get("template");
      var podTemplate =
          (Map<String, Object>) ((Map<String, Object>) template.get("spec")).get("template");
      var podSpec = (Map<String, Object>) podTemplate.get("spec");
      podSpec.put("terminationGracePeriodSeconds", 2);
      var main = ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
      main.put("image", "busybox:1.36");
      main.put("command", List.of("sh", "-c", script));
      main.remove("env");
      main.remove("envFrom");
      main.put("resources", Map.of("requests", Map.of("cpu", "10m", "memory", "16Mi")));
    }
    return gang;
  }
}
