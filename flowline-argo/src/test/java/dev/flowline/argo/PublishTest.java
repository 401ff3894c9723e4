package dev.flowline.argo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.flowline.argo.flows.LinearFlow;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code argo-workflows publish} against an HTTP server standing in for the Argo Events webhook:
 * the request is Metaflow's (a JSON {@code name} and {@code payload}), an error status is reported
 * with exit code 1, a missing webhook setting with exit code 2.
 */
class PublishTest {
  @TempDir Path work;

  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private volatile int status = 200;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
          byte[] answer = (status == 200 ? "ok" : "event bus unavailable").getBytes();
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String hook() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  @Test
  void anEventIsPostedInMetaflowsFormat() throws Exception {
    var env = ArgoCli.env(work);
    env.put("METAFLOW_ARGO_EVENTS_WEBHOOK_URL", hook());
    var r =
        ArgoCli.run(
            LinearFlow.class,
            env,
            work,
            "publish",
            "data.ready",
            "--payload",
            "table=sales",
            "--payload",
            "rows=42");
    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.err()).contains("Event data.ready published (id ");
    assertThat(bodies).hasSize(1);
    assertThat(contentTypes).containsExactly("application/json");
    JsonNode body = new ObjectMapper().readTree(bodies.get(0));
    assertThat(body.path("name").asText()).isEqualTo("data.ready");
    var payload = body.path("payload");
    assertThat(payload.path("name").asText()).isEqualTo("data.ready");
    assertThat(payload.path("table").asText()).isEqualTo("sales");
    assertThat(payload.path("rows").isTextual())
        .as("values are strings, as Metaflow sends")
        .isTrue();
    assertThat(payload.path("rows").asText()).isEqualTo("42");
    assertThat(payload.path("generated-by-metaflow").asBoolean()).isTrue();
    assertThat(payload.path("id").asText()).isNotEmpty();
    assertThat(payload.path("timestamp").isIntegralNumber()).isTrue();
    assertThat(payload.path("utc_date").asText()).matches("\\d{8}");
  }

  @Test
  void anErrorStatusIsReportedWithoutRetrying() {
    status = 503;
    var env = ArgoCli.env(work);
    env.put("METAFLOW_ARGO_EVENTS_WEBHOOK_URL", hook());
    var r = ArgoCli.run(LinearFlow.class, env, work, "publish", "data.ready");
    assertThat(r.code()).as(r.all()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "argo-workflows publish: event data.ready: the webhook "
                + hook()
                + " answered HTTP 503: event bus unavailable");
    assertThat(bodies).hasSize(1);
  }

  @Test
  void withoutAWebhookNothingIsSent() {
    var r = ArgoCli.run(LinearFlow.class, ArgoCli.env(work), work, "publish", "data.ready");
    assertThat(r.code()).as(r.all()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "METAFLOW_ARGO_EVENTS_WEBHOOK_URL: not set; events are published to the Argo"
                + " Events webhook it names.");
    var bad =
        ArgoCli.run(
            LinearFlow.class, ArgoCli.env(work), work, "publish", "data ready", "--payload", "x");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("event name \"data ready\" is not valid");
  }
}
