package dev.flowline.kubernetes;

import dev.flowline.config.InvalidValueException;
import dev.flowline.config.Problem;
import dev.flowline.model.DecoratorSpec;
import dev.flowline.model.StepModel;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
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

  /** Reads the step's {@code resources} decorator; bad values are added to {@code problems}. */
  static Resources of(StepModel step, List<Problem> problems) {
    Map<String, Object> a =
        step.decorators().stream()
            .filter(d -> d.name().equals("resources"))
            .map(DecoratorSpec::attributes)
            .reduce((x, y) -> y)
            .orElse(Map.of());
    return new Resources(
        read(step, a, "cpu", AttributeValues::cpu, problems),
        read(step, a, "memory", v -> AttributeValues.whole(v, 1, Integer.MAX_VALUE), problems),
        read(step, a, "disk", v -> AttributeValues.whole(v, 0, Integer.MAX_VALUE), problems)
            .filter(d -> d > 0),
        read(step, a, "gpu", v -> AttributeValues.whole(v, 0, 1024), problems).filter(g -> g > 0));
  }

  private static <T> Optional<T> read(
      StepModel step,
      Map<String, Object> a,
      String key,
      Function<Object, T> reader,
      List<Problem> problems) {
    Object raw = a.get(key);
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(reader.apply(raw));
    } catch (InvalidValueException e) {
      problems.add(
          Problem.of(
              "step '" + step.name() + "': @Resources(" + key + ")",
              String.valueOf(raw),
              false,
              e));
      return Optional.empty();
    }
  }
}
