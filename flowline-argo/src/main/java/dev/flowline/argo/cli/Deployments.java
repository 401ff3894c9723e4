package dev.flowline.argo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.argo.Project;
import dev.flowline.argo.Schedule;
import dev.flowline.argo.Trigger;
import dev.flowline.argo.TriggerOnFinish;
import dev.flowline.argo.compile.ArgoCompileException;
import dev.flowline.argo.compile.ArgoNames;
import dev.flowline.argo.compile.CronWorkflows;
import dev.flowline.argo.compile.DeploymentSpec;
import dev.flowline.argo.compile.ScheduleSpec;
import dev.flowline.argo.compile.Sensors;
import dev.flowline.argo.compile.TriggerSpec;
import dev.flowline.argo.compile.WorkflowParameter;
import dev.flowline.argo.compile.WorkflowTemplateCompiler;
import dev.flowline.argo.config.ArgoEventsOptions;
import dev.flowline.cli.FlowContext;
import dev.flowline.config.Config;
import dev.flowline.config.OptionCatalog;
import dev.flowline.config.Settings;
import dev.flowline.config.UserName;
import dev.flowline.kubernetes.KubernetesPreflight;
import dev.flowline.kubernetes.KubernetesStepSettings;
import dev.flowline.kubernetes.config.ArgoOptions;
import dev.flowline.kubernetes.config.KubernetesOptions;
import dev.flowline.model.DecoratorRegistry;
import dev.flowline.model.FlowModel;
import dev.flowline.model.ParameterModel;
import dev.flowline.runtime.FlowFields;
import dev.flowline.runtime.ParameterBinder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Names and compiles a flow's deployment, for the {@code argo-workflows} commands. */
final class Deployments {
  private static final Pattern PROJECT = Pattern.compile("[a-z0-9_]{1,128}");

  private Deployments() {}

  /** The configuration's settings, with the Argo secrets added to every step's secrets. */
  static Settings settings(Config config) {
    Settings plain =
        Settings.resolve(config, OptionCatalog.load(Deployments.class.getClassLoader()));
    List<String> argoSecrets =
        plain.find(ArgoOptions.WORKFLOWS_KUBERNETES_SECRETS).orElse(List.of());
    if (argoSecrets.isEmpty()) {
      return plain;
    }
    List<String> all = new ArrayList<>(plain.find(KubernetesOptions.SECRETS).orElse(List.of()));
    argoSecrets.stream().filter(s -> !all.contains(s)).forEach(all::add);
    Config merged =
        config.withValue(
            KubernetesOptions.SECRETS.key(),
            String.join(",", all),
            KubernetesOptions.SECRETS.key()
                + " and "
                + ArgoOptions.WORKFLOWS_KUBERNETES_SECRETS.key());
    return Settings.resolve(merged, OptionCatalog.load(Deployments.class.getClassLoader()));
  }

  /** The deployment's name, and the annotations that say how it was derived. */
  static Named name(FlowContext ctx, DeploymentOptions opts) {
    Map<String, String> annotations = new LinkedHashMap<>();
    if (opts.name != null) {
      return new Named(opts.name, "--name", annotations);
    }
    Project project = ctx.flowClass().getAnnotation(Project.class);
    String flowName = ctx.flow().name();
    if (project == null) {
      if (opts.branch != null || opts.production) {
        throw new ArgoCompileException(
            List.of(
                (opts.production ? "--production" : "--branch " + opts.branch)
                    + ": flow "
                    + flowName
                    + " has no @Project, so it has no branches. Add @Project(name = \"...\") to the"
                    + " flow class, or leave the option out."));
      }
      return new Named(ArgoNames.deploymentName(flowName), "the flow's name", annotations);
    }
    List<String> problems = new ArrayList<>();
    if (!PROJECT.matcher(project.name()).matches()) {
      problems.add(
          "@Project(name): value \""
              + project.name()
              + "\" is not a project name (1 to 128 of a-z, 0-9 and '_'). Use e.g. \"fraud_model\".");
    }
    if (opts.branch != null && !PROJECT.matcher(opts.branch).matches()) {
      problems.add(
          "--branch: value \""
              + opts.branch
              + "\" is not a branch name (1 to 128 of a-z, 0-9 and '_'). Use e.g. --branch"
              + " new_features.");
    }
    if (!problems.isEmpty()) {
      throw new ArgoCompileException(problems);
    }
    String branch;
    if (opts.production) {
      branch = opts.branch == null ? "prod" : "prod." + opts.branch;
    } else if (opts.branch != null) {
      branch = "test." + opts.branch;
    } else {
      branch =
          "user."
              + UserName.of(ctx.config()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
    annotations.put("flowline.dev/project", project.name());
    annotations.put("flowline.dev/branch", branch);
    String full = project.name() + "." + branch + "." + flowName;
    annotations.put("flowline.dev/project-flow", full);
    String name = full.toLowerCase(Locale.ROOT).replace('_', '-');
    return new Named(
        name, "@Project(name = \"" + project.name() + "\") and the branch", annotations);
  }

  /**
   * The deployment of the context's flow: the flow with {@code with} applied, every step's
   * Kubernetes settings, the WorkflowTemplate.
   *
   * @throws ArgoCompileException listing every problem
   * @throws dev.flowline.config.ConfigException for configuration problems
   * @throws dev.flowline.model.DecoratorSpecException for bad {@code --with} specs
   */
  static Compiled compile(
      FlowContext ctx, DeploymentOptions opts, List<String> with, Optional<String> codeUrl) {
    Named named = name(ctx, opts);
    List<String> nameProblems = ArgoNames.checkDeployment(named.name(), named.source());
    if (!nameProblems.isEmpty()) {
      throw new ArgoCompileException(nameProblems);
    }
    FlowModel flow =
        ctx.flow().withDecorators(with, DecoratorRegistry.load(ctx.flowClass().getClassLoader()));
    Settings settings = settings(ctx.config());
    var steps = new KubernetesPreflight(settings).resolve(flow, flow.steps());
    List<String> skip = settings.find(ArgoOptions.WORKFLOWS_ENV_VARS_TO_SKIP).orElse(List.of());
    if (!skip.isEmpty()) {
      var kept = new LinkedHashMap<String, KubernetesStepSettings>();
      steps.forEach((step, s) -> kept.put(step, s.withoutEnvironment(skip)));
      steps = kept;
    }
    var spec =
        new DeploymentSpec(
            named.name(),
            flow.name(),
            flow.className(),
            settings.get(KubernetesOptions.NAMESPACE),
            UserName.of(ctx.config()),
            parameters(ctx, flow),
            named.annotations(),
            with,
            codeUrl);
    ObjectNode template = new WorkflowTemplateCompiler(flow, steps, spec).compile();
    Schedule schedule = ctx.flowClass().getAnnotation(Schedule.class);
    Optional<ObjectNode> cron = Optional.empty();
    if (schedule != null) {
      List<String> problems = new ArrayList<>();
      ScheduleSpec checked = null;
      try {
        checked = ScheduleSpec.of(schedule);
      } catch (ArgoCompileException e) {
        problems.addAll(e.problems());
      }
      problems.addAll(CronWorkflows.parameterProblems(spec));
      if (!problems.isEmpty()) {
        throw new ArgoCompileException(problems);
      }
      cron =
          Optional.of(
              CronWorkflows.of(spec, checked, settings.get(ArgoOptions.WORKFLOWS_USE_SCHEDULES)));
    }
    return new Compiled(spec, settings, template, cron, sensor(ctx, spec, settings));
  }

  /**
   * The Sensor of the flow's {@code @Trigger} and {@code @TriggerOnFinish}, if it has any.
   *
   * @throws ArgoCompileException listing every problem (names, parameters, missing settings)
   */
  static Optional<ObjectNode> sensor(FlowContext ctx, DeploymentSpec spec, Settings settings) {
    Trigger trigger = ctx.flowClass().getAnnotation(Trigger.class);
    TriggerOnFinish onFinish = ctx.flowClass().getAnnotation(TriggerOnFinish.class);
    if (trigger == null && onFinish == null) {
      return Optional.empty();
    }
    List<String> problems = new ArrayList<>();
    List<TriggerSpec> triggers = new ArrayList<>();
    try {
      if (trigger != null) {
        triggers.add(TriggerSpec.of(trigger, spec.parameters()));
      }
    } catch (ArgoCompileException e) {
      problems.addAll(e.problems());
    }
    try {
      if (onFinish != null) {
        triggers.add(TriggerSpec.of(onFinish));
      }
    } catch (ArgoCompileException e) {
      problems.addAll(e.problems());
    }
    Optional<String> source = settings.find(ArgoEventsOptions.EVENT_SOURCE);
    Optional<String> event = settings.find(ArgoEventsOptions.EVENT);
    for (var missing :
        List.of(
            Map.entry(ArgoEventsOptions.EVENT_SOURCE.key(), source),
            Map.entry(ArgoEventsOptions.EVENT.key(), event))) {
      if (missing.getValue().isEmpty()) {
        problems.add(
            missing.getKey()
                + ": not set, and flow "
                + spec.flowName()
                + " has "
                + (trigger != null ? "@Trigger" : "@TriggerOnFinish")
                + ": its Sensor must name the Argo Events EventSource and event it listens to."
                + " Set it, e.g. "
                + missing.getKey()
                + (missing.getKey().equals(ArgoEventsOptions.EVENT.key())
                    ? "=metaflow-event."
                    : "=argo-events-webhook."));
      }
    }
    if (!problems.isEmpty()) {
      throw new ArgoCompileException(problems);
    }
    return Optional.of(
        Sensors.of(
            spec,
            triggers,
            settings.get(ArgoOptions.EVENTS_SENSOR_NAMESPACE),
            settings.get(ArgoOptions.EVENTS_EVENT_BUS),
            source.get(),
            event.get(),
            settings.find(ArgoEventsOptions.SERVICE_ACCOUNT)));
  }

  /** The flow's parameters with their defaults as text (when the default is a plain value). */
  static List<WorkflowParameter> parameters(FlowContext ctx, FlowModel flow) {
    if (flow.parameters().isEmpty()) {
      return List.of();
    }
    var fields = new FlowFields(ctx.flowClass());
    var instance = fields.newInstance();
    List<WorkflowParameter> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (ParameterModel p : flow.parameters()) {
      Object value = fields.get(instance, p.fieldName());
      Optional<String> text = Optional.empty();
      if (value != null) {
        try {
          text =
              Optional.of(ParameterBinder.asText(fields.field(p.fieldName()).orElseThrow(), value));
        } catch (IllegalArgumentException e) {
          problems.add(
              "parameter --"
                  + p.name()
                  + " (field "
                  + p.fieldName()
                  + ", "
                  + p.javaType()
                  + "): its default "
                  + e.getMessage()
                  + ". A deployed flow passes every parameter to its tasks as text, so the default"
                  + " must be plain text or JSON that reads back to the same value. Fix: use a"
                  + " String, number, boolean, enum, or a record or collection of those, or make the"
                  + " parameter required (no default).");
          continue;
        }
      }
      text.ifPresent(t -> checkValueSize(p.name(), t, "its default").ifPresent(problems::add));
      out.add(new WorkflowParameter(p.name(), p.javaType(), p.help(), p.required(), text));
    }
    if (!problems.isEmpty()) {
      throw new ArgoCompileException(problems);
    }
    return out;
  }

  /**
   * The most bytes a parameter's value may have: Linux refuses to start a process with an
   * environment string ({@code METAFLOW_RUN_<NAME>=value}) over {@code MAX_ARG_STRLEN}, 128 KiB.
   */
  static int maxValueBytes(String parameter) {
    return 128 * 1024 - ParameterBinder.envName(parameter).length() - 2;
  }

  /** A problem when {@code value} of {@code parameter} is too large to reach a task's pod. */
  static Optional<String> checkValueSize(String parameter, String value, String what) {
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    int max = maxValueBytes(parameter);
    if (bytes <= max) {
      return Optional.empty();
    }
    return Optional.of(
        "parameter --"
            + parameter
            + ": "
            + what
            + " has "
            + bytes
            + " bytes, over the "
            + max
            + " a deployed run can pass (the start task receives it as the environment variable "
            + ParameterBinder.envName(parameter)
            + ", and Linux starts no process with a variable over 128 KiB). Fix: put the data in a"
            + " file in the datastore or object storage and pass its path or URL.");
  }

  /**
   * Records the content hash of the code package on the WorkflowTemplate ({@value
   * DeploymentDiff#CODE_PACKAGE_ANNOTATION}): the signed URL changes on every {@code create}, the
   * hash only when the classes do, so {@code diff} compares the hash.
   */
  static void annotateCodePackage(Compiled compiled, String contentHash) {
    ObjectNode meta = (ObjectNode) compiled.workflowTemplate().get("metadata");
    ObjectNode annotations =
        meta.get("annotations") instanceof ObjectNode a ? a : meta.putObject("annotations");
    annotations.put(DeploymentDiff.CODE_PACKAGE_ANNOTATION, contentHash);
  }

  /** A deployment name and where it came from. */
  record Named(String name, String source, Map<String, String> annotations) {}

  /** A compiled deployment. */
  record Compiled(
      DeploymentSpec spec,
      Settings settings,
      ObjectNode workflowTemplate,
      Optional<ObjectNode> cronWorkflow,
      Optional<ObjectNode> sensor) {
    /** Every object {@code create} deploys, in order. */
    List<ObjectNode> objects() {
      List<ObjectNode> out = new ArrayList<>(List.of(workflowTemplate));
      cronWorkflow.ifPresent(out::add);
      sensor.ifPresent(out::add);
      return out;
    }
  }
}
