package dev.flowline.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pendingTimeout, infrastructureRetries, oomMemoryFactor and oomMemoryMax: each overrides
 * (annotation &gt; {@code --with} &gt; configuration &gt; default).
 */
class RecoverySettingsTest {
  @TempDir Path tmp;

  private Fixtures f() {
    return Fixtures.in(tmp);
  }

  @Test
  void defaults() {
    RecoverySettings r = f().kubernetes().resolve().recovery();
    assertThat(r).isEqualTo(RecoverySettings.defaults());
    assertThat(r.pendingTimeoutSeconds()).isEqualTo(600);
    assertThat(r.infrastructureRetries()).isEqualTo(3);
    assertThat(r.oomStepUp()).isEmpty();
  }

  @Test
  void fromTheConfiguration() {
    RecoverySettings r =
        f().env("METAFLOW_KUBERNETES_PENDING_TIMEOUT", "1800")
            .env("METAFLOW_KUBERNETES_INFRASTRUCTURE_RETRIES", "0")
            .env("METAFLOW_KUBERNETES_OOM_MEMORY_FACTOR", "1.5")
            .env("METAFLOW_KUBERNETES_OOM_MEMORY_MAX", "16384")
            .kubernetes()
            .resolve()
            .recovery();
    assertThat(r)
        .isEqualTo(
            new RecoverySettings(
                1800,
                0,
                Optional.of(new MemoryStepUp(new BigDecimal("1.5"), Optional.of(16384L)))));
  }

  @Test
  void withOverridesTheConfigurationAndTheAnnotationOverridesWith() {
    RecoverySettings r =
        f().env("METAFLOW_KUBERNETES_PENDING_TIMEOUT", "1800")
            .env("METAFLOW_KUBERNETES_OOM_MEMORY_FACTOR", "3")
            .with("pendingTimeout", "120", "oomMemoryFactor", "2", "infrastructureRetries", "5")
            .kubernetes("pendingTimeout", 60, "oomMemoryFactor", 1.25)
            .resolve()
            .recovery();
    assertThat(r.pendingTimeoutSeconds()).isEqualTo(60);
    assertThat(r.infrastructureRetries()).isEqualTo(5);
    assertThat(r.oomStepUp().orElseThrow().factor()).isEqualByComparingTo("1.25");
  }

  @Test
  void theStepUpUsesTheStepsFinalMemory() {
    var settings =
        f().kubernetes("memory", 2000, "oomMemoryFactor", 2.0, "oomMemoryMax", 5000)
            .decorator("resources", "memory", 3000)
            .resolve();
    assertThat(settings.memoryMb()).isEqualTo(3000);
    assertThat(settings.recovery().memoryMb(settings.memoryMb(), 1)).isEqualTo(5000);
  }
}
