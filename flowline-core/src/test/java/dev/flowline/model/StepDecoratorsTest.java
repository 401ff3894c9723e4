package dev.flowline.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one merge rule and the typed records every back end reads. */
class StepDecoratorsTest {
  private static DecoratorSpec annotation(String name, Map<String, Object> attributes) {
    return new DecoratorSpec(name, attributes, DecoratorSpec.Origin.ANNOTATION);
  }

  private static DecoratorSpec with(String name, Map<String, Object> attributes) {
    return new DecoratorSpec(name, attributes, DecoratorSpec.Origin.COMMAND_LINE);
  }

  private static StepModel step(DecoratorSpec... decorators) {
    return new StepModel(
        "train",
        StepType.LINEAR,
        List.of("end"),
        Optional.empty(),
        List.of("start"),
        List.of(decorators),
        0);
  }

  @Test
  void theAnnotationWinsPerAttributeAndWithFillsTheRest() {
    var resolved =
        ResolvedDecorator.of(
                List.of(
                    annotation("timeout", Map.of("minutes", 10)),
                    with("timeout", Map.of("minutes", 2, "seconds", 30))),
                "timeout")
            .orElseThrow();

    assertThat(resolved.attributes())
        .containsOnly(Map.entry("minutes", 10), Map.entry("seconds", 30));
    assertThat(resolved.source("minutes", "Timeout")).isEqualTo("@Timeout(minutes)");
    assertThat(resolved.source("seconds", "Timeout")).isEqualTo("--with timeout:seconds");
  }

  @Test
  void aLaterWithOverridesAnEarlierOne() {
    var resolved =
        ResolvedDecorator.of(
                List.of(with("retry", Map.of("times", 1)), with("retry", Map.of("times", 2))),
                "retry")
            .orElseThrow();

    assertThat(resolved.attributes()).containsExactly(Map.entry("times", 2));
  }

  @Test
  void aListIsOneAttribute() {
    var d =
        step(
                annotation("environment", Map.of("vars", List.of("A=annotation"))),
                with("environment", Map.of("vars", List.of("A=with", "B=with"))))
            .resolved();

    assertThat(d.environment()).containsExactly(Map.entry("A", "annotation"));
  }

  @Test
  void retryDefaultsAreTheAnnotationsAndAbsentDecoratorsAreEmpty() {
    var d = step(annotation("retry", Map.of())).resolved();

    assertThat(d.retry()).contains(new StepDecorators.RetrySpec(3, Duration.ofMinutes(2)));
    assertThat(d.timeout()).isEmpty();
    assertThat(d.catches()).isEmpty();
    assertThat(d.resources()).isEqualTo(StepDecorators.ResourcesSpec.NONE);
    assertThat(step().resolved().retry()).isEmpty();
  }

  @Test
  void resourcesKeepWhatIsWrittenAndWhereItCameFrom() {
    var r =
        step(
                annotation("resources", Map.of("memory", 9000)),
                with("resources", Map.of("cpu", "2", "memory", 100, "gpu", 0)))
            .resolved()
            .resources();

    assertThat(r.memoryMb()).contains(9000L);
    assertThat(r.cpu()).contains("2");
    assertThat(r.gpu()).isEmpty();
    assertThat(r.source()).containsEntry("memory", "@Resources(memory)");
    assertThat(r.source()).containsEntry("cpu", "--with resources:cpu");
  }

  @Test
  void malformedEnvironmentItemsAreKeptAsideForTheLint() {
    var d =
        step(annotation("environment", Map.of("vars", List.of("GOOD=1", "no-equals", "1X=2"))))
            .resolved();

    assertThat(d.environment()).containsExactly(Map.entry("GOOD", "1"));
    assertThat(d.invalidEnvironment()).containsExactly("no-equals", "1X=2");
  }
}
