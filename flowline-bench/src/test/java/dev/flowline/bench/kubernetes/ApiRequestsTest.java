package dev.flowline.bench.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRequestsTest {
  private static String category(String method, String uri) {
    return ApiRequests.category(method, URI.create("https://127.0.0.1:6443" + uri));
  }

  @Test
  void namesEachRequestByVerbAndResource() {
    assertThat(category("POST", "/apis/batch/v1/namespaces/ml/jobs")).isEqualTo("create jobs");
    assertThat(category("GET", "/apis/batch/v1/namespaces/ml/jobs/train-1")).isEqualTo("get jobs");
    assertThat(
            category(
                "GET", "/apis/batch/v1/namespaces/ml/jobs?labelSelector=a%3Db&resourceVersion=0"))
        .isEqualTo("list jobs");
    assertThat(
            category(
                "GET",
                "/apis/batch/v1/namespaces/ml/jobs?allowWatchBookmarks=true&resourceVersion=201&watch=true"))
        .isEqualTo("watch jobs");
    assertThat(category("PATCH", "/apis/batch/v1/namespaces/ml/jobs/train-1"))
        .isEqualTo("patch jobs");
    assertThat(category("DELETE", "/apis/batch/v1/namespaces/ml/jobs/train-1"))
        .isEqualTo("delete jobs");
    assertThat(category("GET", "/api/v1/namespaces/ml/pods?fieldSelector=metadata.name%3Dp"))
        .isEqualTo("list pods");
    assertThat(
            category(
                "GET", "/api/v1/namespaces/ml/pods/p/log?pretty=false&container=work&follow=true"))
        .isEqualTo("log-follow pods");
    assertThat(category("GET", "/api/v1/namespaces/ml/pods/p/log?container=work"))
        .isEqualTo("log pods");
    assertThat(category("PUT", "/api/v1/namespaces/ml/pods/p/status"))
        .isEqualTo("update pods/status");
    assertThat(category("GET", "/api/v1/nodes")).isEqualTo("list nodes");
    assertThat(category("GET", "/api/v1/namespaces/ml")).isEqualTo("get namespaces");
    assertThat(category("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"))
        .isEqualTo("create selfsubjectaccessreviews");
    assertThat(category("GET", "/version")).isEqualTo("GET /version");
    assertThat(category("GET", "/apis/batch/v1")).isEqualTo("GET /apis/batch/v1");
  }

  @Test
  void countsWhatTheInterceptorSeesAndTheDifferenceOfTwoSnapshots() {
    var before = Map.of("create jobs", 2L, "list pods", 1L);
    var after = Map.of("create jobs", 5L, "list pods", 1L, "watch pods", 1L);
    assertThat(ApiRequests.difference(after, before))
        .containsExactly(Map.entry("create jobs", 3L), Map.entry("watch pods", 1L));
    assertThat(ApiRequests.total(after)).isEqualTo(7);
  }

  @Test
  void findsTheJobNameInACreateRequestsBody() {
    String job =
        "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"annotations\":{\"name\":\"x\"},"
            + "\"labels\":{\"app.kubernetes.io/name\":\"flowline-task\"},\"name\":\"flow-work-1\","
            + "\"namespace\":\"ml\"},\"spec\":{\"template\":{\"metadata\":{\"name\":\"inner\"}}}}";
    assertThat(ApiRequests.jobName(job)).isEqualTo("flow-work-1");
    assertThat(ApiRequests.jobName("{\"kind\":\"Job\"}")).isNull();
    assertThat(ApiRequests.jobName("not json")).isNull();
    assertThat(ApiRequests.jobName(null)).isNull();
  }
}
