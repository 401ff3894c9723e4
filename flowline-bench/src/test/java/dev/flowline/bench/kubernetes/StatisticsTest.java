package dev.flowline.bench.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {
  @Test
  void percentilesAreNearestRank() {
    var p = Percentiles.of(List.of(4.0, 1.0, 3.0, 2.0));
    assertThat(p.at(0.5)).isEqualTo(2.0);
    assertThat(p.at(0.9)).isEqualTo(4.0);
    assertThat(p.max()).isEqualTo(4.0);
    assertThat(p.mean()).isEqualTo(2.5);
    var hundred = new ArrayList<Double>();
    for (int i = 1; i <= 100; i++) {
      hundred.add((double) i);
    }
    assertThat(Percentiles.of(hundred).at(0.5)).isEqualTo(50.0);
    assertThat(Percentiles.of(hundred).at(0.99)).isEqualTo(99.0);
    assertThat(Percentiles.of(Arrays.asList(1.0, Double.NaN, null)).count()).isEqualTo(1);
    assertThat(Percentiles.of(List.of()).at(0.5)).isNaN();
  }

  @Test
  void readsMemoryFieldsOfProcStatus() {
    String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  462212 kB\nVmRSS:\t  400000 kB\n";
    assertThat(ProcessStats.statusField(status, "VmHWM")).isEqualTo(462212);
    assertThat(ProcessStats.statusField(status, "VmRSS")).isEqualTo(400000);
    assertThat(ProcessStats.statusField(status, "VmSwap")).isEqualTo(-1);
    assertThat(ProcessStats.statusKb("self", "VmHWM")).isPositive();
  }

  @Test
  void thePollingBaselineStopsAsMetaflowsIsDoneDoes() {
    var running =
        new JobBuilder()
            .withNewSpec()
            .withParallelism(1)
            .endSpec()
            .withNewStatus()
            .withActive(1)
            .endStatus()
            .build();
    var succeeded = new JobBuilder(running).editStatus().withSucceeded(1).endStatus().build();
    var stopped = new JobBuilder(running).editSpec().withParallelism(0).endSpec().build();
    var pending = new PodBuilder().withNewStatus().withPhase("Pending").endStatus().build();
    var ended =
        new PodBuilder()
            .withNewStatus()
            .addNewContainerStatus()
            .withNewState()
            .withNewTerminated()
            .withExitCode(0)
            .withFinishedAt("2026-12-07T05:00:00Z")
            .endTerminated()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();
    assertThat(PollingTaskMain.done(running, List.of())).isFalse();
    assertThat(PollingTaskMain.done(running, List.of(pending))).isFalse();
    assertThat(PollingTaskMain.done(running, List.of(ended))).isTrue();
    assertThat(PollingTaskMain.done(succeeded, List.of())).isTrue();
    assertThat(PollingTaskMain.done(stopped, List.of(pending))).isTrue();
  }
}
