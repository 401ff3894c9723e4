package dev.flowline.kubernetes.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaFitTest {
  /** A step's pod: Burstable (requests only), with an active deadline (quota scope Terminating). */
  private static final Pod POD =
      new PodBuilder()
          .withNewSpec()
          .withActiveDeadlineSeconds(3600L)
          .addNewContainer()
          .withName("main")
          .withNewResources()
          .addToRequests("cpu", new Quantity("2"))
          .addToRequests("memory", new Quantity("4096M"))
          .endResources()
          .endContainer()
          .endSpec()
          .build();

  private static ResourceQuota quota(Map<String, String> hard, Map<String, String> used) {
    var b = new ResourceQuotaBuilder().withNewMetadata().withName("q").endMetadata().withNewSpec();
    hard.forEach((k, v) -> b.addToHard(k, new Quantity(v)));
    var built = b.endSpec().withNewStatus().endStatus().build();
    used.forEach((k, v) -> built.getStatus().getUsed().put(k, new Quantity(v)));
    return built;
  }

  @Test
  void headroomIsHardMinusUsed() {
    var q = quota(Map.of("requests.cpu", "4", "pods", "10"), Map.of("requests.cpu", "3"));

    var verdicts = QuotaFit.check(POD, List.of(q), List.of());

    assertThat(verdicts).hasSize(1);
    var shortfall = verdicts.get(0).shortfalls().get(0);
    assertThat(shortfall.resource()).isEqualTo("requests.cpu");
    assertThat(shortfall.needs()).isEqualByComparingTo("2");
    assertThat(shortfall.left()).isEqualByComparingTo("1");
    assertThat(shortfall.hard()).isEqualTo("4");
    assertThat(shortfall.used()).isEqualTo("3");
    assertThat(verdicts.get(0).missingLimits()).isEmpty();
  }

  @Test
  void aPodThatFitsGivesNothing() {
    var q = quota(Map.of("cpu", "4", "memory", "8Gi", "count/jobs.batch", "5"), Map.of());

    assertThat(QuotaFit.check(POD, List.of(q), List.of())).isEmpty();
  }

  @Test
  void everyPodAndJobCountsOne() {
    var q =
        quota(
            Map.of("pods", "3", "count/jobs.batch", "2"),
            Map.of("pods", "3", "count/jobs.batch", "2"));

    var verdict = QuotaFit.check(POD, List.of(q), List.of()).get(0);

    assertThat(verdict.shortfalls())
        .extracting(QuotaFit.Shortfall::resource)
        .containsExactlyInAnyOrder("pods", "count/jobs.batch");
  }

  @Test
  void aTrackedLimitThePodDoesNotSetRefusesIt() {
    var q = quota(Map.of("limits.memory", "16Gi"), Map.of());

    var verdict = QuotaFit.check(POD, List.of(q), List.of()).get(0);

    assertThat(verdict.missingLimits()).containsExactly("limits.memory");
    assertThat(verdict.shortfalls()).isEmpty();
  }

  @Test
  void aLimitRangeDefaultSetsTheLimitAndCounts() {
    var q = quota(Map.of("limits.memory", "16Gi"), Map.of("limits.memory", "15Gi"));
    LimitRange range =
        new LimitRangeBuilder()
            .withNewSpec()
            .addNewLimit()
            .withType("Container")
            .addToDefault("memory", new Quantity("2Gi"))
            .endLimit()
            .endSpec()
            .build();

    var verdict = QuotaFit.check(POD, List.of(q), List.of(range)).get(0);

    assertThat(verdict.missingLimits()).isEmpty();
    assertThat(verdict.shortfalls().get(0).needs())
        .isEqualByComparingTo(new BigDecimal(2L * 1024 * 1024 * 1024));
  }

  @Test
  void scopesSayWhichQuotasCoverThePod() {
    var base = quota(Map.of("pods", "0"), Map.of());
    assertThat(QuotaFit.covers(scoped(base, "Terminating"), POD)).isTrue();
    assertThat(QuotaFit.covers(scoped(base, "NotTerminating"), POD)).isFalse();
    assertThat(QuotaFit.covers(scoped(base, "NotBestEffort"), POD)).isTrue();
    assertThat(QuotaFit.covers(scoped(base, "BestEffort"), POD)).isFalse();
    assertThat(QuotaFit.check(POD, List.of(scoped(base, "NotTerminating")), List.of())).isEmpty();
  }

  private static ResourceQuota scoped(ResourceQuota q, String scope) {
    return new ResourceQuotaBuilder(q).editSpec().withScopes(scope).endSpec().build();
  }

  @Test
  void amountsAreShownInTheStepsUnits() {
    assertThat(PodAsk.show("requests.cpu", new BigDecimal("0.4"), java.math.RoundingMode.DOWN))
        .isEqualTo("400m");
    assertThat(PodAsk.show("cpu", new BigDecimal("63.6"), java.math.RoundingMode.UP))
        .isEqualTo("63.6");
    assertThat(PodAsk.show("cpu", new BigDecimal("4"), java.math.RoundingMode.UP)).isEqualTo("4");
    assertThat(
            PodAsk.show(
                "limits.memory",
                new Quantity("4Gi").getNumericalAmount(),
                java.math.RoundingMode.DOWN))
        .isEqualTo("4294M");
    assertThat(PodAsk.show("pods", BigDecimal.ONE, java.math.RoundingMode.UP)).isEqualTo("1");
  }
}
