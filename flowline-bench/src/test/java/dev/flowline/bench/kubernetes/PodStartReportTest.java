package dev.flowline.bench.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PodStartReportTest {
  @Test
  void measuresEachTaskFromItsContainerToItsMethod() {
    var tasks =
        PodStartReport.parse(
            List.of(
                "Workflow KubernetesForeachFlow starting (run-id 7) for user bench",
                "[7/work/2] Job ml/x created; waiting for its pod.",
                "[7/work/2] flowline-bench: container started at 1000000000",
                "[7/work/3] flowline-bench: container started at 1000500000",
                "[7/work/2] flowline: code package: 93 files from 127.0.0.1: 93 downloaded (38919 kB),"
                    + " 0 already here, in 456 ms",
                "[7/work/2] flowline-bench: method started at 1002500000",
                "[7/work/2] flowline-bench: jvm started at 1000600",
                "[7/end/5] Task is starting."));
    assertThat(tasks).containsOnlyKeys("7/work/2", "7/work/3");
    var t = tasks.get("7/work/2");
    assertThat(t.toMethodMs()).isEqualTo(2500.0);
    assertThat(t.toJvmMs()).isEqualTo(600.0);
    assertThat(t.jvmToMethodMs()).isEqualTo(1900.0);
    assertThat(t.fetchMs).isEqualTo(456);
    assertThat(t.fetchedKb).isEqualTo(38919);
    var other = tasks.get("7/work/3");
    assertThat(other.toMethodMs()).isNull();
    other.attemptStartMillis = 1001700L;
    assertThat(other.toMethodMs()).isEqualTo(1200.0);
  }
}
