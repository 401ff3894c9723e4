package dev.flowline.runtime;

import dev.flowline.model.StepModel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a step's decorators ask of the runtime, with their defaults applied: retries and the wait
 * between them ({@code @Retry}), the time limit ({@code @Timeout}), extra environment variables
 * ({@code @Environment}) and whether failures are caught ({@code @Catch}). Annotation attributes
 * win over {@code --with} ones key by key ({@link StepModel#mergedDecorator}).
 *
 * @param retries retries after the first attempt (0 without {@code @Retry}, else its times, default
 *     3)
 * @param betweenRetries wait before each retry (default 2 minutes)
 * @param timeout the time limit of one attempt, if any
 * @param environment extra environment variables
 * @param catches whether the step has {@code @Catch}
 */
public record TaskPolicy(
    int retries,
    Duration betweenRetries,
    Optional<Duration> timeout,
    Map<String, String> environment,
    boolean catches) {

  /** Canonical form: immutable environment. */
  public TaskPolicy {
    environment = Map.copyOf(environment);
  }

  /** The policy of {@code step}. */
  public static TaskPolicy of(StepModel step) {
    int retries = 0;
    Duration between = Duration.ZERO;
    var retry = step.mergedDecorator("retry");
    if (retry.isPresent()) {
      retries = intValue(retry.get().get("times"), 3);
      between = Duration.ofMinutes(intValue(retry.get().get("minutesBetweenRetries"), 2));
    }
    Optional<Duration> timeout = Optional.empty();
    var t = step.mergedDecorator("timeout");
    if (t.isPresent()) {
      long seconds =
          intValue(t.get().get("seconds"), 0)
              + 60L * intValue(t.get().get("minutes"), 0)
              + 3600L * intValue(t.get().get("hours"), 0);
      if (seconds > 0) {
        timeout = Optional.of(Duration.ofSeconds(seconds));
      }
    }
    var env = new LinkedHashMap<String, String>();
    step.mergedDecorator("environment")
        .ifPresent(
            e -> {
              Object vars = e.get("vars");
              List<?> entries =
                  vars instanceof List<?> l ? l : vars == null ? List.of() : List.of(vars);
              for (Object entry : entries) {
                String s = String.valueOf(entry);
                int eq = s.indexOf('=');
                if (eq > 0) {
                  env.put(s.substring(0, eq), s.substring(eq + 1));
                }
              }
            });
    return new TaskPolicy(
        retries, between, timeout, env, step.mergedDecorator("catch").isPresent());
  }

  private static int intValue(Object v, int def) {
    if (v instanceof Number n) {
      return n.intValue();
    }
    if (v instanceof String s && !s.isBlank()) {
      return Integer.parseInt(s.trim());
    }
    return def;
  }
}
