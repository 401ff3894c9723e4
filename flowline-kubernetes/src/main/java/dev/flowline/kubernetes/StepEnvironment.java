package dev.flowline.kubernetes;

import dev.flowline.config.Problem;
import dev.flowline.config.ResolvedOption;
import dev.flowline.config.Settings;
import dev.flowline.kubernetes.config.ArgoOptions;
import dev.flowline.model.StepModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variables a step's container gets: the configuration options marked forwarded
 * ({@code METAFLOW_ARGO_EVENTS_WEBHOOK_URL} replaced by {@code
 * METAFLOW_ARGO_EVENTS_INTERNAL_WEBHOOK_URL} when that is set), then the step's
 * {@code @Environment(vars)}.
 */
final class StepEnvironment {
  private final Settings settings;

  StepEnvironment(Settings settings) {
    this.settings = settings;
  }

  /**
   * The container environment of {@code step}: every forwarded configuration option that is set,
   * then the step's resolved {@code @Environment(vars)} (which wins); a malformed item becomes a
   * problem.
   */
  Map<String, String> of(StepModel step, List<Problem> problems) {
    Map<String, String> env = new LinkedHashMap<>();
    for (ResolvedOption<?> o : settings.entries()) {
      if (o.option().forwarded() && o.value().isPresent()) {
        env.put(o.option().key(), format(o));
      }
    }
    // Tasks run in the cluster: they publish to the webhook's in-cluster address when one is set.
    settings
        .find(ArgoOptions.EVENTS_INTERNAL_WEBHOOK_URL)
        .ifPresent(url -> env.put(ArgoOptions.EVENTS_WEBHOOK_URL.key(), url));
    for (String item : step.resolved().invalidEnvironment()) {
      problems.add(
          Problem.of(
              "step '" + step.name() + "': @Environment(vars)",
              item,
              false,
              "is not NAME=value with NAME a variable name ([A-Za-z_][A-Za-z0-9_]*)",
              "\"MODE=train\""));
    }
    env.putAll(step.resolved().environment());
    return env;
  }

  @SuppressWarnings("unchecked")
  private static <T> String format(ResolvedOption<T> o) {
    return o.option().type().format(o.value().get());
  }
}
