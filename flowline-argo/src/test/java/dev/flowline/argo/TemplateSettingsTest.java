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

  @Test
  void aCatchStepHasOneAttemptMoreThanItsRetriesToRecordACrashAndItsAttemptIsArgosRetries()
      throws Exception {
    var wt = create(dev.flowline.argo.mfref.RetryCatchFlow.class, Map.of());
    var parse = template(wt, "parse");
    assertThat(parse.at("/retryStrategy/limit").asText()).isEqualTo("1");
    assertThat(parse.at("/retryStrategy/retryPolicy").asText()).isEqualTo("Always");
    assertThat(parse.at("/retryStrategy/backoff").isMissingNode()).isTrue();
    assertThat(parse.at("/container/command").toString()).contains("--attempt '{{retries}}'");
    assertThat(env(parse, "FLOWLINE_LAST_ATTEMPT"))
        .isEqualTo(
            "{{lastRetry.status}}: {{lastRetry.message}} (exit code {{lastRetry.exitCode}})");
    var start = template(wt, "start");
    assertThat(start.at("/retryStrategy/limit").asText()).isEqualTo("2");
    assertThat(start.at("/retryStrategy/backoff/duration").asText()).isEqualTo("0s");
    assertThat(env(start, "FLOWLINE_LAST_ATTEMPT")).isNull();

    var withRetry =
        ArgoCli.run(
            dev.flowline.argo.mfref.RetryCatchFlow.class,
            ArgoCli.env(work),
            work,
            "create",
            "--only-json",
            "--with",
            "retry:times=2");
    assertThat(withRetry.code()).as(withRetry.all()).isZero();
    var parseWithRetry = template(new ObjectMapper().readTree(withRetry.out()), "parse");
    assertThat(parseWithRetry.at("/retryStrategy/limit").asText()).isEqualTo("3");
  }

  @Test
  void thePendingTimeoutIsArgosTemplateTimeoutOnTopOfTheTimeLimitWhichTheTaskKeeps()
      throws Exception {
    var wt =
        create(
            dev.flowline.argo.mfref.RetryTimeoutFlow.class,
            Map.of("METAFLOW_KUBERNETES_PENDING_TIMEOUT", "30"));
    for (JsonNode t : wt.at("/spec/templates")) {
      if (!t.has("container")
          || t.path("name").asText().equals("exit-hook")
          || t.path("name").asText().equals("pending-watchdog")) {
        continue;
      }
      assertThat(t.at("/metadata/annotations/flowline.dev~1pending-timeout").asText())
          .as("the pod's pending timeout, for the watchdog: %s", t.path("name").asText())
          .isEqualTo("30");
      long limit = Long.parseLong(t.path("activeDeadlineSeconds").asText());
      assertThat(t.path("timeout").asText())
          .as(t.path("name").asText())
          .isEqualTo((limit + 30) + "s");
      assertThat(env(t, "FLOWLINE_TIME_LIMIT")).isEqualTo(Long.toString(limit));
    }
    var exitHook = template(wt, "exit-hook");
    assertThat(exitHook.has("timeout")).isFalse();
    // the watchdog: a daemon beside the steps, small, without a time limit, whose failure does not
    // fail the run
    var watchdog = template(wt, "pending-watchdog");
    assertThat(watchdog.path("daemon").asBoolean()).isTrue();
    assertThat(watchdog.has("timeout")).isFalse();
    assertThat(watchdog.has("activeDeadlineSeconds")).isFalse();
    assertThat(watchdog.at("/metadata/annotations/flowline.dev~1pending-timeout").isMissingNode())
        .isTrue();
    assertThat(watchdog.at("/container/resources/requests/cpu").asText()).isEqualTo("0.1");
    assertThat(watchdog.at("/container/resources/requests/memory").asText()).isEqualTo("384M");
    assertThat(String.join(" ", texts(watchdog.at("/container/command"))))
        .contains("argo-workflows watch-pending --workflow '{{workflow.name}}'");
    JsonNode task = null;
    for (JsonNode t : template(wt, "flow-dag").at("/dag/tasks")) {
      if (t.path("template").asText().equals("pending-watchdog")) {
        task = t;
      }
    }
    assertThat(task).as("the watchdog's task in the entry DAG").isNotNull();
    assertThat(task.has("dependencies")).isFalse();
    assertThat(task.at("/continueOn/failed").asBoolean()).isTrue();
    assertThat(task.at("/continueOn/error").asBoolean()).isTrue();
    var defaults = create(dev.flowline.argo.mfref.RetryTimeoutFlow.class, Map.of());
    var start = template(defaults, "start");
    assertThat(start.path("timeout").asText())
        .isEqualTo((Long.parseLong(start.path("activeDeadlineSeconds").asText()) + 600) + "s");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String env(JsonNode template, String name) {
    for (JsonNode e : template.at("/container/env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    return null;
  }
}
