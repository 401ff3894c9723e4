package dev.flowline.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.Retry;
import dev.flowline.model.builtin.RetryDecoratorType;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecoratorRegistryTest {
  @Test
  void builtInsAreFoundWithServiceLoader() {
    var registry = DecoratorRegistry.load(getClass().getClassLoader());
    assertThat(registry.names())
        .containsExactly("catch", "environment", "resources", "retry", "timeout");
    assertThat(registry.find("retry").orElseThrow().annotationType()).isEqualTo(Retry.class);
    assertThat(registry.find("retry").orElseThrow().attributeNames())
        .containsExactly("minutesBetweenRetries", "times");
    assertThat(registry.find("kubernetes")).isEmpty();
  }

  @Test
  void duplicateNamesNameBothRegistrations() {
    assertThatThrownBy(
            () -> DecoratorRegistry.of(List.of(new RetryDecoratorType(), new RetryDecoratorType())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "decorator 'retry' is registered twice: by dev.flowline.model.builtin.RetryDecoratorType and by"
                + " dev.flowline.model.builtin.RetryDecoratorType. Remove one of the two entries from"
                + " META-INF/services/dev.flowline.model.DecoratorType.");
  }

  @Test
  void anAnnotationWithoutStepDecoratorIsRejected() {
    assertThatThrownBy(() -> new AnnotationDecoratorType(Deprecated.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "java.lang.Deprecated is not a step decorator: annotate it with"
                + " @dev.flowline.StepDecorator(name = \"...\").");
  }
}
