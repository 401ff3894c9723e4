package dev.flowline.runtime;

import dev.flowline.model.StepDecorators;
import dev.flowline.model.StepModel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a step's decorators ask of the local runtime, read from the model's resolved records ({@link
 * StepModel#resolved()}, where the annotation wins per attribute over {@code --with} and the
 * defaults are applied): retries and the wait between them ({@code @Retry}), the time limit
 * ({@code @Timeout}), extra environment variables ({@code @Environment}), whether failures are
 * caught ({@code @Catch}) and the resources asked for ({@code @Resources}; the local runtime does
 * not enforce them).
 *
 * @param retries retries after the first attempt (0 without {@code @Retry})
 * @param betweenRetries wait before each retry
 * @param timeout the time limit of one attempt, if any
 * @param environment extra environment variables
 * @param catches whether the step has {@code @Catch}
 * @param resources what {@code @Resources} asks for
 */
public record TaskPolicy(
    int retries,
    Duration betweenRetries,
    Optional<Duration> timeout,
    Map<String, String> environment,
    boolean catches,
    StepDecorators.ResourcesSpec resources) {

  /** Canonical form: immutable environment. */
  public TaskPolicy {
    environment = Map.copyOf(environment);
  }

  /** The policy of {@code step}. */
  public static TaskPolicy of(StepModel step) {
    StepDecorators d = step.resolved();
    return new TaskPolicy(
        d.retry().map(StepDecorators.RetrySpec::times).orElse(0),
        d.retry().map(StepDecorators.RetrySpec::betweenRetries).orElse(Duration.ZERO),
        d.timeout(),
        d.environment(),
        d.catches().isPresent(),
        d.resources());
  }
}
