package dev.flowline.examples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.client.FlowlineClient;
import dev.flowline.testkit.cluster.TestClusterExtension;
import dev.flowline.testkit.cluster.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Argo Events end to end on the test cluster: the real Argo Events controller (v1.9.11) runs a
 * JetStream EventBus (Debian's nats-server standing in for the NATS image), a webhook EventSource
 * and the Sensor that {@code argo-workflows create} deploys for a {@code @Trigger} flow; {@code
 * argo-workflows publish data.ready --payload ...} posts to the EventSource's webhook, and the
 * Sensor starts a run (an Argo Workflow on the real workflow controller) whose parameters have the
 * payload's values, read back through the client API. The run's end event, which the run publishes
 * to the same webhook, starts the {@code @TriggerOnFinish} flow.
 */
class ArgoEventsEndToEndTest {
  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      new TestClusterExtension(List.of("argo", "argo-events"));

  private static KubernetesRuns runs;

  @TempDir static Path servers;
  @TempDir Path work;

  @BeforeAll
  static void startS3() throws Exception {
    runs = KubernetesRuns.start(servers.resolve("s3"));
  }

  @AfterAll
  static void stopS3() {
    if (runs != null) {
      runs.close();
    }
  }

  private static GenericKubernetesResource resource(String yaml) {
    return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
  }

  /** The Sensor pods' service account, allowed to create Workflows (the Sensor's k8s trigger). */
  private static void sensorAccount(TestNamespace ns) {
    var client = ns.client();
    client
        .serviceAccounts()
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("sensor").endMetadata().build())
        .create();
    ArgoEndToEndTest.role(
        ns,
        "sensor",
        "sensor",
        List.of(ArgoEndToEndTest.rule("argoproj.io", "workflows", "create", "get", "list")));
  }

  private static Optional<Pod> runningPod(TestNamespace ns, String label, String value) {
    return ns.client().pods().withLabel(label, value).list().getItems().stream()
        .filter(p -> "Running".equals(p.getStatus().getPhase()))
        .findFirst();
  }

  private static String describe(TestNamespace ns) {
    var s = new StringBuilder();
    for (var p : ns.client().pods().list().getItems()) {
      s.append("\n--- pod ")
          .append(p.getMetadata().getName())
          .append(' ')
          .append(p.getStatus().getPhase());
      for (var c : p.getSpec().getContainers()) {
        try {
          String log =
              ns.client()
                  .pods()
                  .withName(p.getMetadata().getName())
                  .inContainer(c.getName())
                  .getLog();
          s.append("\n  [")
              .append(c.getName())
              .append("] ")
              .append(log.length() > 3000 ? log.substring(log.length() - 3000) : log);
        } catch (RuntimeException e) {
          s.append("\n  [").append(c.getName()).append("] no log: ").append(e.getMessage());
        }
      }
    }
    for (var kind : List.of("EventBus", "EventSource", "Sensor", "Workflow")) {
      for (var r :
          ns.client()
              .genericKubernetesResources("argoproj.io/v1alpha1", kind)
              .inNamespace(ns.name())
              .list()
              .getItems()) {
        s.append("\n--- ")
            .append(kind)
            .append(' ')
            .append(r.getMetadata().getName())
            .append(" status: ")
            .append(r.getAdditionalProperties().get("status"));
      }
    }
    return s.toString();
  }

  private static boolean deployed(TestNamespace ns, String kind, String name) {
    var r =
        ns.client()
            .genericKubernetesResources("argoproj.io/v1alpha1", kind)
            .inNamespace(ns.name())
            .withName(name)
            .get();
    if (r == null || !(r.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return false;
    }
    return status.get("conditions") instanceof List<?> conditions
        && conditions.stream()
            .anyMatch(
                c ->
                    c instanceof Map<?, ?> m
                        && "Deployed".equals(m.get("type"))
                        && "True".equals(m.get("status")));
  }

  private static List<GenericKubernetesResource> workflows(TestNamespace ns, String flow) {
    return ns.client()
        .genericKubernetesResources("argoproj.io/v1alpha1", "Workflow")
        .inNamespace(ns.name())
        .withLabel("flowline.dev/flow", flow)
        .list()
        .getItems();
  }

  private static String phase(GenericKubernetesResource workflow) {
    return workflow.getAdditionalProperties().get("status") instanceof Map<?, ?> st
        ? String.valueOf(st.get("phase"))
        : "";
  }

  private static boolean logContains(TestNamespace ns, Pod pod, String text) {
    try {
      String log = ns.client().pods().withName(pod.getMetadata().getName()).getLog();
      return log != null && log.contains(text);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static int freePort() throws Exception {
    try (var s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void publishingAnEventStartsTheTriggerFlowWithThePayloadAsParametersAndItsEndStartsTheNext(
      TestNamespace ns) throws Exception {
    ArgoEndToEndTest.executorRole(ns);
    sensorAccount(ns);
    var client = ns.client();
    // A JetStream event bus of one server, and a webhook EventSource whose event the Sensors read
    client
        .genericKubernetesResources("argoproj.io/v1alpha1", "EventBus")
        .inNamespace(ns.name())
        .resource(
            resource(
                """
                apiVersion: argoproj.io/v1alpha1
                kind: EventBus
                metadata: {name: default}
                spec:
                  jetstream: {version: "2.9.10", replicas: 1}
                """))
        .create();
    int port = freePort();
    client
        .genericKubernetesResources("argoproj.io/v1alpha1", "EventSource")
        .inNamespace(ns.name())
        .resource(
            resource(
                """
                apiVersion: argoproj.io/v1alpha1
                kind: EventSource
                metadata: {name: flowline-webhook}
                spec:
                  eventBusName: default
                  webhook:
                    metaflow-event: {port: "%d", endpoint: /metaflow-event, method: POST}
                """
                    .formatted(port)))
        .create();
    assertThat(KubernetesRuns.await(300, () -> deployed(ns, "EventBus", "default")))
        .as("the EventBus is deployed" + describe(ns))
        .isTrue();
    assertThat(
            KubernetesRuns.await(
                300, () -> runningPod(ns, "eventsource-name", "flowline-webhook").isPresent()))
        .as("the EventSource's pod runs" + describe(ns))
        .isTrue();
    String podIp =
        runningPod(ns, "eventsource-name", "flowline-webhook").orElseThrow().getStatus().getPodIP();
    String webhook = "http://" + podIp + ":" + port + "/metaflow-event";
    // the webhook answers once the EventSource has connected to the bus and started its server
    var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    assertThat(
            KubernetesRuns.await(
                300,
                () -> {
                  try {
                    http.send(
                        HttpRequest.newBuilder(URI.create(webhook)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                    return true;
                  } catch (Exception e) {
                    return false;
                  }
                }))
        .as("the webhook " + webhook + " answers" + describe(ns))
        .isTrue();

    Map<String, String> settings = new HashMap<>(runs.settings(ns));
    settings.put("METAFLOW_ARGO_EVENTS_EVENT_SOURCE", "flowline-webhook");
    settings.put("METAFLOW_ARGO_EVENTS_EVENT", "metaflow-event");
    settings.put("METAFLOW_ARGO_EVENTS_SERVICE_ACCOUNT", "sensor");
    settings.put("METAFLOW_ARGO_EVENTS_WEBHOOK_URL", webhook);
    var cli = new FlowlineCli(work);
    String triggered = ArgoEndToEndTest.flow("TriggeredArgoFlow", work);
    String after = ArgoEndToEndTest.flow("FinishTriggeredArgoFlow", work);
    // a Sensor on an event bus or in a namespace that does not exist would never start a run
    var noBus = new HashMap<>(settings);
    noBus.put("METAFLOW_ARGO_EVENTS_EVENT_BUS", "no-such-bus");
    var refused = cli.run(noBus, triggered, "argo-workflows", "create");
    assertThat(refused.code()).as(refused.all()).isEqualTo(2);
    assertThat(refused.err())
        .contains(
            "argo-workflows create: METAFLOW_ARGO_EVENTS_EVENT_BUS: there is no EventBus"
                + " \"no-such-bus\" in namespace \""
                + ns.name()
                + "\"")
        .contains("Nothing was created.");
    var noNamespace = new HashMap<>(settings);
    noNamespace.put("METAFLOW_ARGO_EVENTS_SENSOR_NAMESPACE", "no-such-namespace");
    refused = cli.run(noNamespace, triggered, "argo-workflows", "create");
    assertThat(refused.code()).as(refused.all()).isEqualTo(2);
    assertThat(refused.err())
        .contains(
            "METAFLOW_ARGO_EVENTS_SENSOR_NAMESPACE: namespace \"no-such-namespace\" does not"
                + " exist");
    assertThat(ArgoEndToEndTest.workflowTemplates(ns)).isEmpty();
    for (String flow : List.of(triggered, after)) {
      var created = cli.run(settings, flow, "argo-workflows", "create");
      assertThat(created.code()).as(created.all()).isZero();
    }
    // a Sensor reads only events published after it subscribed (JetStream, deliver new)
    for (String sensor : List.of("triggeredargoflow", "finishtriggeredargoflow")) {
      assertThat(
              KubernetesRuns.await(
                  300,
                  () ->
                      runningPod(ns, "sensor-name", sensor)
                          .filter(p -> logContains(ns, p, "Subscribing to subject"))
                          .isPresent()))
          .as("the Sensor " + sensor + " subscribed" + describe(ns))
          .isTrue();
    }

    var published =
        cli.run(
            settings,
            triggered,
            "argo-workflows",
            "publish",
            "data.ready",
            "--payload",
            "table=sales",
            "--payload",
            "row_count=42");
    assertThat(published.code()).as(published.all()).isZero();

    assertThat(
            KubernetesRuns.await(
                600,
                () ->
                    workflows(ns, "TriggeredArgoFlow").stream()
                        .anyMatch(w -> phase(w).equals("Succeeded"))))
        .as("the Sensor started a run of TriggeredArgoFlow that succeeded" + describe(ns))
        .isTrue();
    var runsOfTriggered = workflows(ns, "TriggeredArgoFlow");
    assertThat(runsOfTriggered).hasSize(1);
    String runId = runsOfTriggered.get(0).getMetadata().getName();
    assertThat(runId).startsWith("triggeredargoflow-");
    try (FlowlineClient flowline = runs.client(settings, work)) {
      var run = flowline.flow("TriggeredArgoFlow").run(runId);
      assertThat(run.successful()).isTrue();
      assertThat(run.data().get("table")).isEqualTo("sales");
      assertThat(run.data().get("rows")).isEqualTo(42);
      assertThat(run.data().get("seen")).isEqualTo("sales:42");
    }

    // the run's end published metaflow.TriggeredArgoFlow.end to the same webhook
    assertThat(
            KubernetesRuns.await(
                600,
                () ->
                    workflows(ns, "FinishTriggeredArgoFlow").stream()
                        .anyMatch(w -> phase(w).equals("Succeeded"))))
        .as("the end of TriggeredArgoFlow started FinishTriggeredArgoFlow" + describe(ns))
        .isTrue();
    String next = workflows(ns, "FinishTriggeredArgoFlow").get(0).getMetadata().getName();
    try (FlowlineClient flowline = runs.client(settings, work)) {
      var run = flowline.flow("FinishTriggeredArgoFlow").run(next);
      assertThat(run.successful()).isTrue();
      assertThat(run.data().get("message")).isEqualTo("after TriggeredArgoFlow");
    }
  }
}
