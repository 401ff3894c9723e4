package dev.flowline.runtime;

import dev.flowline.model.StepModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt of one task, as the runtime hands it to a {@link TaskLauncher}.
 *
 * @param spec the task's identity and inputs (what the {@code step} command gets)
 * @param step the step's model, with its resolved decorators
 * @param timeLimit the attempt's time limit, if any (none for a {@code @Catch} fallback attempt,
 *     which runs no user code)
 * @param environment extra environment variables of the step ({@code @Environment})
 * @param handledFailure when present the attempt runs no user code: it records this failure (a
 *     crash or timeout the runtime saw) for {@code @Catch}
 */
public record TaskAttempt(
    TaskSpec spec,
    StepModel step,
    Optional<Duration> timeLimit,
    Map<String, String> environment,
    Optional<String> handledFailure) {

  /** Canonical form: immutable environment. */
  public TaskAttempt {
    environment = Map.copyOf(environment);
  }

  /** The arguments of {@code dev.flowline.Flowline} that run this attempt. */
  public List<String> stepArgs() {
    var args = new ArrayList<>(spec.stepArgs());
    handledFailure.ifPresent(h -> args.addAll(List.of("--handled-failure", h)));
    return List.copyOf(args);
  }
}
