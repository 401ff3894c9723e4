package dev.flowline.kubernetes;

import dev.flowline.config.ConfigValidationException;
import dev.flowline.config.Problem;
import dev.flowline.config.Settings;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything checked before a step is sent to Kubernetes, for any number of steps at once: the
 * datastore rule ({@link SharedDatastoreRule}, reported once for all steps) and every step's
 * settings ({@link StepSettingsResolver}). Configuration problems shared by the steps are reported
 * once. Used by {@code kubernetes render} and by {@code run}/{@code resume} (through {@link
 * KubernetesRunCheck}); whatever submits a Job must go through it.
 */
public final class KubernetesPreflight {
  private final Settings settings;

  /** Checks against {@code settings} (with {@code --datastore} already applied). */
  public KubernetesPreflight(Settings settings) {
    this.settings = settings;
  }

  /** The steps of {@code flow} that run on Kubernetes, in graph order. */
  public static List<StepModel> kubernetesSteps(FlowModel flow) {
    return flow.steps().stream().filter(StepSettingsResolver::runsOnKubernetes).toList();
  }

  /** Every problem of running {@code steps} of {@code flow} on Kubernetes; empty when none. */
  public List<Problem> problems(FlowModel flow, List<StepModel> steps) {
    Set<Problem> problems = new LinkedHashSet<>();
    resolveAll(flow, steps, problems);
    return List.copyOf(problems);
  }

  /**
   * The settings of each of {@code steps}, by step name.
   *
   * @throws ConfigValidationException listing every problem of every step
   */
  public Map<String, KubernetesStepSettings> resolve(FlowModel flow, List<StepModel> steps) {
    Set<Problem> problems = new LinkedHashSet<>();
    var resolved = resolveAll(flow, steps, problems);
    if (!problems.isEmpty()) {
      throw new ConfigValidationException(new ArrayList<>(problems));
    }
    return resolved;
  }

  private Map<String, KubernetesStepSettings> resolveAll(
      FlowModel flow, List<StepModel> steps, Set<Problem> problems) {
    if (steps.isEmpty()) {
      return Map.of();
    }
    problems.addAll(
        SharedDatastoreRule.check(steps.stream().map(StepModel::name).toList(), settings));
    var resolver = new StepSettingsResolver(settings);
    Map<String, KubernetesStepSettings> out = new LinkedHashMap<>();
    for (StepModel step : steps) {
      try {
        out.put(step.name(), resolver.resolve(flow, step));
      } catch (ConfigValidationException e) {
        problems.addAll(e.problems());
      }
    }
    return out;
  }
}
