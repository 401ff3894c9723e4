package dev.flowline.kubernetes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.config.InvalidValueException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Quantities are read by fabric8's Quantity, so every suffix Kubernetes accepts is accepted. */
class KubernetesRulesTest {
  @ParameterizedTest
  @ValueSource(strings = {"1", "500m", "2Gi", "100n", "250u", "1e3", "1E3", ".5", "+1", "10Mi"})
  void validQuantitiesAreAccepted(String value) {
    assertThat(KubernetesRules.quantity("quantity", value, "\"1\"")).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "1x", "1.5.5", "1 Gi", "-1"})
  void invalidQuantitiesAreRejected(String value) {
    assertThatThrownBy(() -> KubernetesRules.quantity("quantity", value, "\"1\""))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("a Kubernetes quantity such as 1, 500m, 2Gi");
  }

  @Test
  void cpuAcceptsMicroAndNanoSuffixesDownToAMillicore() {
    assertThat(KubernetesRules.cpu("500000u")).isEqualByComparingTo("0.5");
    assertThat(KubernetesRules.cpu("250000000n")).isEqualByComparingTo("0.25");
    assertThat(KubernetesRules.cpu("500m")).isEqualByComparingTo("0.5");
    assertThat(KubernetesRules.cpu("10").toPlainString()).isEqualTo("10");
    assertThatThrownBy(() -> KubernetesRules.cpu("100n"))
        .hasMessageContaining("finer than a millicore");
    assertThatThrownBy(() -> KubernetesRules.cpu("0")).hasMessageContaining("greater than 0");
    assertThatThrownBy(() -> KubernetesRules.cpu("two")).hasMessageContaining("not a CPU amount");
  }
}
