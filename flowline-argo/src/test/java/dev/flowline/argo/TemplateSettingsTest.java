package dev.flowline.argo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.argo.flows.LinearFlow;
import dev.flowline.argo.flows.ParametersFlow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes settings reach the container templates through the pod features, as they reach a
 * Job, and the templates stay valid for both Argo majors; {@code trigger} checks parameters like
 * {@code run} before it needs a cluster.
 */
class TemplateSettingsTest {
  @TempDir Path work;

  private JsonNode create(Class<?> flow, Map<String, String> extra) throws Exception {
    var env = ArgoCli.env(work);
    env.putAll(extra);
    var r = ArgoCli.run(flow, env, work, "create", "--only-json");
    assertThat(r.code()).as(r.all()).isZero();
    JsonNode wt = new ObjectMapper().readTree(r.out());
    ArgoSchemas.assertValid(wt);
    return wt;
  }

  private static JsonNode template(JsonNode wt, String name) {
    for (JsonNode t : wt.at("/spec/templates")) {
      if (t.path("name").asText().equals(name)) {
        return t;
      }
    }
    throw new AssertionError("no template " + name);
  }

  private static List<String> secretRefs(JsonNode template) {
    List<String> out = new ArrayList<>();
    template.at("/container/envFrom").forEach(e -> out.add(e.at("/secretRef/name").asText()));
    return out;
  }

  @Test
  void secretsServiceAccountPullSecretsSchedulingLabelsAndAnnotationsReachEveryStepTemplate()
      throws Exception {
    var wt =
        create(
            LinearFlow.class,
            Map.of(
                "METAFLOW_KUBERNETES_SECRETS", "db,shared",
                "METAFLOW_ARGO_WORKFLOWS_KUBERNETES_SECRETS", "argo-only,shared",
                "METAFLOW_KUBERNETES_SERVICE_ACCOUNT", "flows-sa",
                "METAFLOW_KUBERNETES_IMAGE_PULL_SECRETS", "[\"registry\"]",
                "METAFLOW_KUBERNETES_NODE_SELECTOR", "disktype=ssd",
                "METAFLOW_KUBERNETES_TOLERATIONS",
                    "[{\"key\": \"gpu\", \"operator\": \"Exists\", \"effect\": \"NoSchedule\"}]",
                "METAFLOW_KUBERNETES_LABELS", "team=ml",
                "METAFLOW_KUBERNETES_ANNOTATIONS", "owner=data"));
    for (String step : List.of("start", "work", "end", "exit-hook")) {
      var t = template(wt, step);
      assertThat(secretRefs(t)).as(step).containsExactly("db", "shared", "argo-only");
      assertThat(t.path("serviceAccountName").asText()).as(step).isEqualTo("flows-sa");
      assertThat(new ObjectMapper().readTree(t.path("podSpecPatch").asText()))
          .as(step)
          .isEqualTo(
              new ObjectMapper().readTree("{\"imagePullSecrets\":[{\"name\":\"registry\"}]}"));
      assertThat(t.at("/nodeSelector/disktype").asText()).isEqualTo("ssd");
      assertThat(t.at("/tolerations/0/key").asText()).isEqualTo("gpu");
      assertThat(t.at("/metadata/labels/team").asText()).isEqualTo("ml");
      assertThat(t.at("/metadata/annotations/owner").asText()).isEqualTo("data");
    }
  }

  @Test
  void retryAndTimeoutBecomeRetryStrategyAndDeadline() throws Exception {
    var work = template(create(LinearFlow.class, Map.of()), "work");
    assertThat(work.path("retryStrategy").toString())
        .isEqualTo(
            "{\"limit\":\"2\",\"retryPolicy\":\"Always\",\"backoff\":{\"duration\":\"60s\"}}");
    assertThat(work.path("activeDeadlineSeconds").asText()).isEqualTo("600");
    assertThat(work.at("/container/command/2").asText()).contains("--attempt '{{retries}}'");
    var start = template(create(LinearFlow.class, Map.of()), "start");
    assertThat(start.has("retryStrategy")).isFalse();
    assertThat(start.at("/container/command/2").asText()).contains("--attempt 0");
  }

  @Test
  void imageModeCarriesNoFetcherAndUsesTheImagesClassPath() throws Exception {
    var wt = create(LinearFlow.class, Map.of("METAFLOW_KUBERNETES_CODE_PACKAGE", "image"));
    var env = template(wt, "start").at("/container/env");
    List<String> names = new ArrayList<>();
    env.forEach(e -> names.add(e.path("name").asText()));
    assertThat(names).contains("FLOWLINE_CLASSPATH").doesNotContain("FLOWLINE_BOOTSTRAP");
    assertThat(template(wt, "start").at("/container/command/2").asText())
        .doesNotContain("CodeFetcher");
  }

  @Test
  void triggerChecksParameterTypesAndRequiredOnesBeforeAnythingIsSubmitted() {
    // the flow's parameter --name is set through METAFLOW_RUN_NAME: trigger's own --name is the
    // deployment's
    var env = new java.util.HashMap<>(ArgoCli.env(work));
    env.put("METAFLOW_RUN_NAME", "x");
    var bad = ArgoCli.run(ParametersFlow.class, env, work, "trigger", "--times", "two");
    assertThat(bad.code()).as(bad.all()).isEqualTo(2);
    assertThat(bad.err())
        .contains("parameter --times: value \"two\"")
        .contains("Nothing was started.");
    var missing = ArgoCli.run(ParametersFlow.class, ArgoCli.env(work), work, "trigger");
    assertThat(missing.code()).as(missing.all()).isEqualTo(2);
    assertThat(missing.err()).contains("parameter --name is required but was not given");
    var unknown =
        ArgoCli.run(ParametersFlow.class, ArgoCli.env(work), work, "trigger", "--nme", "x");
    assertThat(unknown.code()).as(unknown.all()).isEqualTo(2);
    assertThat(unknown.err())
        .contains(
            "unknown option or parameter \"--nme\": the flow has parameters --name, --times,"
                + " --ratio, --loud. Remove it or fix its name.");
  }
}
