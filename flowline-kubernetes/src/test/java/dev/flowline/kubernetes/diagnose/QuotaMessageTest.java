package dev.flowline.kubernetes.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ResourceQuota admission's refusal read into its parts. */
class QuotaMessageTest {
  @Test
  void severalResourcesAreReadFromEachList() {
    var q =
        QuotaMessage.parse(
                "Error creating: pods \"t-abc\" is forbidden: exceeded quota: compute,"
                    + " requested: limits.memory=8G,requests.cpu=2, used:"
                    + " limits.memory=60G,requests.cpu=3, limited: limits.memory=64Gi,requests.cpu=4")
            .orElseThrow();
    assertThat(q.quota()).isEqualTo("compute");
    assertThat(q.requested()).isEqualTo(Map.of("limits.memory", "8G", "requests.cpu", "2"));
    assertThat(q.used()).isEqualTo(Map.of("limits.memory", "60G", "requests.cpu", "3"));
    assertThat(q.limited()).isEqualTo(Map.of("limits.memory", "64Gi", "requests.cpu", "4"));
    assertThat(q.aboveLimit()).isFalse();
  }

  @Test
  void aRequestAboveTheLimitIsFoundWhateverTheUnits() {
    var q =
        QuotaMessage.parse(
                "exceeded quota: compute, requested: requests.memory=80G, used:"
                    + " requests.memory=0, limited: requests.memory=64Gi")
            .orElseThrow();
    assertThat(q.aboveLimit()).isTrue();
    assertThat(q.aboveLimitResources()).containsOnlyKeys("requests.memory");
  }

  @Test
  void otherRefusalsAreNotQuotaMessages() {
    assertThat(QuotaMessage.parse("pods \"x\" is forbidden: violates PodSecurity")).isEmpty();
  }
}
