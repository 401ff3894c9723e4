package dev.flowline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTypeTest {
  @Test
  void keyValueListsSplitOnTheFirstEqualsSign() {
    assertThat(ValueType.keyValueList(true, "a=b").parse("a=b, c=d=e"))
        .containsExactly(Map.entry("a", "b"), Map.entry("c", "d=e"));
    assertThat(ValueType.keyValueList(false, "a").parse("a")).containsExactly(Map.entry("a", ""));
  }

  @Test
  void keyValueListsRejectMissingValuesAndRepeatedKeys() {
    assertThatThrownBy(() -> ValueType.keyValueList(true, "\"a=b\"").parse("a"))
        .hasMessage("has item \"a\" without \"=\" (a comma-separated list of key=value)");
    assertThatThrownBy(() -> ValueType.keyValueList(true, "\"a=b\"").parse("a=1,a=2"))
        .hasMessage("repeats the key \"a\" (each key may appear once)");
  }

  @Test
  void choicesIgnoreCaseAndReturnTheDeclaredSpelling() {
    assertThat(ValueType.choice("Guaranteed", "Burstable").parse("guaranteed"))
        .isEqualTo("Guaranteed");
    assertThatThrownBy(() -> ValueType.choice("Guaranteed", "Burstable").parse("BestEffort"))
        .hasMessage("is not one of Guaranteed, Burstable (any case)");
  }

  @Test
  void booleansAcceptCommonSpellings() {
    assertThat(ValueType.bool().parse("TRUE")).isTrue();
    assertThat(ValueType.bool().parse("0")).isFalse();
    assertThatThrownBy(() -> ValueType.bool().parse("maybe"))
        .hasMessage("is not a boolean (true or false)");
  }

  @Test
  void urlsNeedTheirScheme() {
    assertThat(ValueType.url("x", "s3").parse("s3://b/p")).isEqualTo("s3://b/p");
    assertThatThrownBy(() -> ValueType.url("x", "s3").parse("gs://b"))
        .hasMessage("is not a s3 URL (must start with s3://)");
  }

  @Test
  void secretMaskHidesCredentialsInUrls() {
    assertThat(SecretMask.show("METAFLOW_X_URL", "https://u:p@host/x", false))
        .isEqualTo("https://****@host/x");
    assertThat(SecretMask.show("METAFLOW_X_URL", "https://host/x?sig=abc", false))
        .isEqualTo("****");
    assertThat(SecretMask.show("METAFLOW_SERVICE_AUTH_KEY", "k", false)).isEqualTo("****");
    assertThat(SecretMask.show("METAFLOW_KUBERNETES_SECRETS", "a,b", false)).isEqualTo("a,b");
  }
}
