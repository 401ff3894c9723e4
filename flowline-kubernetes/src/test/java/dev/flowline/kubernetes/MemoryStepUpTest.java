package dev.flowline.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The memory a retry asks for after OOM kills. */
class MemoryStepUpTest {
  private static MemoryStepUp stepUp(String factor, Long max) {
    return new MemoryStepUp(new BigDecimal(factor), Optional.ofNullable(max));
  }

  @Test
  void eachOomKillMultipliesAndRoundsUpToWholeMegabytes() {
    var s = stepUp("1.5", null);
    assertThat(s.memoryMb(4096, 0)).isEqualTo(4096);
    assertThat(s.memoryMb(4096, 1)).isEqualTo(6144);
    assertThat(s.memoryMb(4096, 2)).isEqualTo(9216);
    assertThat(s.memoryMb(1001, 1)).isEqualTo(1502);
  }

  @Test
  void theCapHoldsButNeverLowersTheStepsOwnMemory() {
    var s = stepUp("2", 10000L);
    assertThat(s.memoryMb(4096, 1)).isEqualTo(8192);
    assertThat(s.memoryMb(4096, 2)).isEqualTo(10000);
    assertThat(s.memoryMb(4096, 30)).isEqualTo(10000);
    assertThat(s.memoryMb(12000, 3)).isEqualTo(12000);
  }

  @Test
  void withoutACapTheLargestMemoryAStepCanAskForStillHolds() {
    assertThat(stepUp("10", null).memoryMb(4096, 40)).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void recoverySettingsWithoutAStepUpKeepTheMemory() {
    assertThat(RecoverySettings.defaults().memoryMb(4096, 3)).isEqualTo(4096);
    var on = new RecoverySettings(600, 3, Optional.of(stepUp("1.5", null)));
    assertThat(on.memoryMb(4096, 1)).isEqualTo(6144);
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> stepUp("1", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> stepUp("1.5", null).memoryMb(4096, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
