package dev.flowline.kubernetes;

import dev.flowline.config.Config;
import dev.flowline.config.OptionCatalog;
import dev.flowline.config.Problem;
import dev.flowline.config.Settings;
import dev.flowline.model.FlowModel;
import dev.flowline.runtime.RunCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops {@code run} and {@code resume} before anything is written when a step that would go to
 * Kubernetes ({@code @Kubernetes} or {@code --with kubernetes}) cannot: the {@link
 * KubernetesPreflight} problems, among them the local datastore. A {@code @Parallel} step there is
 * fine: the launcher runs each attempt of the gang as one JobSet.
 */
public final class KubernetesRunCheck implements RunCheck {
  @Override
  public List<Problem> check(FlowModel flow, Config config) {
    var steps = KubernetesPreflight.kubernetesSteps(flow);
    if (steps.isEmpty()) {
      return List.of();
    }
    var settings = Settings.resolve(config, OptionCatalog.load(getClass().getClassLoader()));
    return new ArrayList<>(new KubernetesPreflight(settings).problems(flow, steps));
  }
}
