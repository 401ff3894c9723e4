package dev.flowline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepModelTest {
  private static StepModel withDecorators(DecoratorSpec... specs) {
    return new StepModel(
        "a", StepType.LINEAR, List.of("end"), Optional.empty(), List.of(), List.of(specs), 3);
  }

  @Test
  void annotationWinsForTheKeysItSetsAndWithSuppliesTheOthers() {
    var step =
        withDecorators(
            new DecoratorSpec("retry", Map.of("times", 1), DecoratorSpec.Origin.ANNOTATION),
            new DecoratorSpec(
                "retry",
                Map.of("times", 4, "minutesBetweenRetries", 0),
                DecoratorSpec.Origin.COMMAND_LINE));
    assertThat(step.mergedDecorator("retry"))
        .contains(Map.of("times", 1, "minutesBetweenRetries", 0));
    assertThat(step.decorator("retry").orElseThrow().origin())
        .isEqualTo(DecoratorSpec.Origin.ANNOTATION);
  }

  @Test
  void laterWithOverridesEarlierWith() {
    var step =
        withDecorators(
            new DecoratorSpec("retry", Map.of("times", 1), DecoratorSpec.Origin.COMMAND_LINE),
            new DecoratorSpec("retry", Map.of("times", 2), DecoratorSpec.Origin.COMMAND_LINE));
    assertThat(step.mergedDecorator("retry")).contains(Map.of("times", 2));
  }

  @Test
  void absentDecoratorIsEmpty() {
    assertThat(withDecorators().mergedDecorator("retry")).isEmpty();
  }

  @Test
  void oldConstructorHasNoSplitInformation() {
    var step = withDecorators();
    assertThat(step.transitionLine()).isZero();
    assertThat(step.splitParents()).isEmpty();
    assertThat(step.matchingJoin()).isEmpty();
  }
}
