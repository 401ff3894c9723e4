package dev.flowline.kubernetes;

import dev.flowline.config.Config;
import dev.flowline.config.OptionCatalog;
import dev.flowline.config.Problem;
import dev.flowline.config.Settings;
import dev.flowline.model.FlowModel;
import dev.flowline.model.StepModel;
import dev.flowline.runtime.RunCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops {@code run} and {@code resume} before anything is written when a step that would go to
 * Kubernetes ({@code @Kubernetes} or {@code --with kubernetes}) cannot: the {@link
 * KubernetesPreflight} problems, among them the local datastore; and a {@code @Parallel} step
 * there, since the launcher does not start gangs (JobSets) yet: {@code kubernetes render} prints
 * the gang's JobSet and Service, and the gang runs locally without {@code @Kubernetes}.
 */
public final class KubernetesRunCheck implements RunCheck {
  @Override
  public List<Problem> check(FlowModel flow, Config config) {
    var steps = KubernetesPreflight.kubernetesSteps(flow);
    if (steps.isEmpty()) {
      return List.of();
    }
    var settings = Settings.resolve(config, OptionCatalog.load(getClass().getClassLoader()));
    var problems = new ArrayList<>(new KubernetesPreflight(settings).problems(flow, steps));
    for (StepModel step : steps) {
      if (step.isGang()) {
        problems.add(
            new Problem(
                "step '" + step.name() + "'",
                "@Parallel",
                "runs on Kubernetes, where the launcher does not start gangs (JobSets) yet ('kubernetes"
                    + " render "
                    + step.name()
                    + "' prints the gang's JobSet and Service)",
                "the gang on this machine: remove @Kubernetes from "
                    + step.name()
                    + "() (and --with kubernetes from the command)"));
      }
    }
    return problems;
  }
}
