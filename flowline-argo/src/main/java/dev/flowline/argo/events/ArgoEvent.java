package dev.flowline.argo.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An event for Argo Events, published to a webhook EventSource ({@code
 * METAFLOW_ARGO_EVENTS_WEBHOOK_URL}) in Metaflow's format, so that {@code @Trigger} flows
 * (Flowline's and Metaflow's) start on it: {@code POST} of {@code {"name": NAME, "payload":
 * {"name", "id", "timestamp", "utc_date", "generated-by-metaflow": true, ...fields}}}. Payload
 * values are strings, as Metaflow sends them.
 *
 * <pre>{@code
 * String id = ArgoEvent.named("data.ready").with("table", "sales").publish(webhook);
 * }</pre>
 */
public final class ArgoEvent {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Map<String, String> payload = new LinkedHashMap<>();
  private Optional<String> accessToken = Optional.empty();

  private ArgoEvent(String name) {
    this.name = name;
  }

  /** An event named {@code name}, e.g. {@code data.ready}. */
  public static ArgoEvent named(String name) {
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "event name \""
              + name
              + "\" is not valid (letters, digits, '_', '.' and '-'). Use e.g. \"data.ready\".");
    }
    return new ArgoEvent(name);
  }

  /** This event with payload field {@code key} set to {@code value} (as text). */
  public ArgoEvent with(String key, Object value) {
    payload.put(key, String.valueOf(value));
    return this;
  }

  /** This event sent with {@code Authorization: Bearer TOKEN}. */
  public ArgoEvent withAccessToken(String token) {
    this.accessToken = Optional.of(token);
    return this;
  }

  /** The request body, with {@code id} and {@code now}. */
  ObjectNode body(String id, Instant now) {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", name);
    ObjectNode p = body.putObject("payload");
    p.put("name", name);
    p.put("id", id);
    p.put("timestamp", now.getEpochSecond());
    p.put(
        "utc_date",
        DateTimeFormatter.BASIC_ISO_DATE.withZone(ZoneOffset.UTC).format(now).substring(0, 8));
    p.put("generated-by-metaflow", true);
    payload.forEach(p::put);
    return body;
  }

  /**
   * Publishes to {@code webhook}; the payload's {@code id}. Connection failures are retried (up to
   * {@code attempts} in all, waiting 1, 2, 4, ... seconds); an HTTP error status fails at once.
   *
   * @throws IOException naming the URL and the status or the connection problem
   */
  public String publish(URI webhook, int attempts) throws IOException, InterruptedException {
    String id = payload.getOrDefault("id", UUID.randomUUID().toString());
    var request =
        HttpRequest.newBuilder(webhook)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body(id, Instant.now()).toString()));
    accessToken.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    IOException last = null;
    for (int i = 0; i < Math.max(1, attempts); i++) {
      if (i > 0) {
        Thread.sleep(1000L << (i - 1));
      }
      HttpResponse<String> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        last = e;
        continue;
      }
      if (response.statusCode() / 100 != 2) {
        String text = response.body() == null ? "" : response.body().strip();
        throw new IOException(
            "event "
                + name
                + ": the webhook "
                + redacted(webhook)
                + " answered HTTP "
                + response.statusCode()
                + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length()))));
      }
      return id;
    }
    throw new IOException(
        "event "
            + name
            + ": cannot reach the webhook "
            + redacted(webhook)
            + " ("
            + last
            + "). Check METAFLOW_ARGO_EVENTS_WEBHOOK_URL.",
        last);
  }

  /** Publishes with 5 attempts, as Metaflow does. */
  public String publish(URI webhook) throws IOException, InterruptedException {
    return publish(webhook, 5);
  }

  private static String redacted(URI uri) {
    return uri.getUserInfo() == null
        ? uri.toString()
        : uri.toString().replace(uri.getRawUserInfo() + "@", "****@");
  }
}
