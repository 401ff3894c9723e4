package dev.flowline.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.runtime.flows.EscapeFlow;
import dev.flowline.runtime.flows.IsolationFlow;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldUsageTest {
  @Test
  void aStepThatOnlyWritesReadsNothing() {
    var usage = FieldUsage.of(IsolationFlow.class, "body").orElseThrow();
    assertThat(usage.read()).isEmpty();
    assertThat(usage.written()).isEqualTo(Set.of("seen", "index", "item"));
  }

  @Test
  void lambdasOverJoinInputsCountAsReads() {
    var usage = FieldUsage.of(IsolationFlow.class, "join").orElseThrow();
    assertThat(usage.read()).isEqualTo(Set.of("seen", "item"));
    assertThat(usage.written()).isEqualTo(Set.of("allSeen", "allItems"));
  }

  @Test
  void ownHelperMethodsAreFollowed() {
    var usage = FieldUsage.of(EscapeFlow.class, "end").orElseThrow();
    assertThat(usage.read()).isEqualTo(Set.of("a"));
    assertThat(usage.written()).isEqualTo(Set.of("b"));
  }

  @Test
  void aFlowObjectHandedToOtherCodeMeansEverythingIsLoaded() {
    assertThat(FieldUsage.of(EscapeFlow.class, "start")).isEmpty();
  }
}
