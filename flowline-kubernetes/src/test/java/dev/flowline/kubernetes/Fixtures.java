package dev.flowline.kubernetes;

import dev.flowline.config.Config;
import dev.flowline.config.OptionCatalog;
import dev.flowline.config.Settings;
import dev.flowline.kubernetes.render.TaskContext;
import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.model.StepType;
import dev.flowline.runtime.TaskSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test fixtures with defaults for everything: a step with decorators, a configuration from an
 * environment map (hermetic: METAFLOW_HOME points into a temp folder), the resolved settings and
 * the task context.
 */
final class Fixtures {
  static final OptionCatalog CATALOG = OptionCatalog.load();

  private final Path workDir;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<DecoratorSpec> decorators = new ArrayList<>();
  private String stepName = "train";
  private String runId = "1234";
  private String taskId = "5";
  private int attempt;
  private Optional<String> codeUrl = Optional.empty();

  private Fixtures(Path workDir) {
    this.workDir = workDir;
    env.put("METAFLOW_HOME", workDir.resolve("home").toString());
    env.put("USER", "alice");
  }

  /** Starts with no configuration and a bare step {@code train}. */
  static Fixtures in(Path tmp) {
    return new Fixtures(tmp);
  }

  Fixtures env(String key, String value) {
    env.put(key, value);
    return this;
  }

  Fixtures step(String name) {
    this.stepName = name;
    return this;
  }

  Fixtures task(String run, String task, int attempt) {
    this.runId = run;
    this.taskId = task;
    this.attempt = attempt;
    return this;
  }

  /** The signed URL of the run's code manifest, as the launcher passes it. */
  Fixtures codeUrl(String url) {
    this.codeUrl = Optional.of(url);
    return this;
  }

  /** {@code @Kubernetes(...)} with these explicitly written attributes. */
  Fixtures kubernetes(Object... keyValues) {
    decorators.add(
        new DecoratorSpec("kubernetes", map(keyValues), DecoratorSpec.Origin.ANNOTATION));
    return this;
  }

  /** {@code --with kubernetes:...}. */
  Fixtures with(Object... keyValues) {
    decorators.add(
        new DecoratorSpec("kubernetes", map(keyValues), DecoratorSpec.Origin.COMMAND_LINE));
    return this;
  }

  /** Any other decorator ({@code resources}, {@code timeout}, {@code environment}). */
  Fixtures decorator(String name, Object... keyValues) {
    decorators.add(new DecoratorSpec(name, map(keyValues), DecoratorSpec.Origin.ANNOTATION));
    return this;
  }

  Settings settings() {
    return Settings.resolve(Config.load(new HashMap<>(env), workDir), CATALOG);
  }

  StepModel stepModel() {
    return new StepModel(
        stepName,
        StepType.LINEAR,
        List.of("end"),
        Optional.empty(),
        List.of("start"),
        decorators,
        0);
  }

  FlowModel flow() {
    var end =
        new StepModel(
            "end", StepType.END, List.of(), Optional.empty(), List.of(stepName), List.of(), 0);
    var start =
        new StepModel(
            "start", StepType.LINEAR, List.of(stepName), Optional.empty(), List.of(), List.of(), 0);
    return new FlowModel(
        "TrainFlow", "com.example.TrainFlow", List.of(start, stepModel(), end), List.of());
  }

  KubernetesStepSettings resolve() {
    return new StepSettingsResolver(settings()).resolve(flow(), stepModel());
  }

  TaskContext context() {
    var task =
        new TaskSpec(
            "com.example.TrainFlow",
            runId,
            stepName,
            taskId,
            attempt,
            List.of(runId + "/start/1"),
            Optional.empty(),
            List.of());
    return new TaskContext(resolve(), task, Optional.of("alice"), codeUrl);
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
