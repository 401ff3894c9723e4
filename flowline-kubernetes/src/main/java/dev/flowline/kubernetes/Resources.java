package dev.flowline.kubernetes;

import dev.flowline.config.InvalidValueException;
import dev.flowline.config.Problem;
import dev.flowline.model.StepDecorators;
import dev.flowline.model.StepModel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a step's {@code @Resources} asks for, as explicitly written; zero disk or gpu means "not
 * set".
 *
 * @param cpu cores
 * @param memoryMb memory in MB
 * @param diskMb disk in MB
 * @param gpu GPUs
 */
record Resources(
    Optional<BigDecimal> cpu, Optional<Long> memoryMb, Optional<Long> diskMb, Optional<Long> gpu) {

  /**
   * Reads the step's resolved {@code @Resources} ({@link StepDecorators#resources()}); bad values
   * are added to {@code problems}, naming where they came from.
   */
  static Resources of(StepModel step, List<Problem> problems) {
    StepDecorators.ResourcesSpec spec = step.resolved().resources();
    return new Resources(
        read(step, spec, "cpu", spec.cpu(), AttributeValues::cpu, problems),
        read(
            step,
            spec,
            "memory",
            spec.memoryMb(),
            v -> AttributeValues.whole(v, 1, Integer.MAX_VALUE),
            problems),
        read(
            step,
            spec,
            "disk",
            spec.diskMb(),
            v -> AttributeValues.whole(v, 0, Integer.MAX_VALUE),
            problems),
        read(step, spec, "gpu", spec.gpu(), v -> AttributeValues.whole(v, 0, 1024), problems));
  }

  private static <T> Optional<T> read(
      StepModel step,
      StepDecorators.ResourcesSpec spec,
      String key,
      Optional<?> raw,
      Function<Object, T> reader,
      List<Problem> problems) {
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(reader.apply(raw.get()));
    } catch (InvalidValueException e) {
      problems.add(
          Problem.of(
              "step '" + step.name() + "': " + spec.source().get(key),
              String.valueOf(raw.get()),
              false,
              e));
      return Optional.empty();
    }
  }
}
