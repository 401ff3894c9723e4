package dev.flowline.kubernetes.preflight;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The reads of one preflight, each made once: a result is kept per (kind, namespace, name), so
 * steps that share a namespace, a Secret or a quota cost one request between them. Once the API
 * server cannot be reached or refuses the credentials, nothing more is asked.
 */
final class ClusterReads {
  /** What one read found. */
  sealed interface Read<T> {}

  /** The object. */
  record Found<T>(T value) implements Read<T> {}

  /** No such object (HTTP 404, or {@code null} from fabric8). */
  record Missing<T>() implements Read<T> {}

  /** The account may not read it (HTTP 403); the server's message. */
  record Forbidden<T>(String message) implements Read<T> {}

  /** Any other failure. */
  record Failed<T>(KubernetesClientException error) implements Read<T> {}

  private final Map<List<String>, Read<?>> done = new HashMap<>();
  private KubernetesClientException fatal;
  private int requests;

  /**
   * The result of {@code fetch} for {@code kind} {@code namespace}/{@code name}, from the cache
   * when it was read before; {@code fetch} returns null for a missing object.
   */
  @SuppressWarnings("unchecked")
  <T> Read<T> read(String kind, String namespace, String name, Supplier<T> fetch) {
    var key = List.of(kind, namespace, name);
    var known = (Read<T>) done.get(key);
    if (known != null) {
      return known;
    }
    Read<T> read = fetch(fetch);
    done.put(key, read);
    return read;
  }

  private <T> Read<T> fetch(Supplier<T> fetch) {
    if (fatal != null) {
      return new Failed<>(fatal);
    }
    requests++;
    try {
      T value = fetch.get();
      return value == null ? new Missing<>() : new Found<>(value);
    } catch (KubernetesClientException e) {
      return switch (e.getCode()) {
        case 404 -> new Missing<>();
        case 403 -> new Forbidden<>(message(e));
        default -> {
          if (isFatal(e)) {
            fatal = e;
          }
          yield new Failed<>(e);
        }
      };
    }
  }

  /**
   * The failure that ended all reads: the API server could not be reached (no HTTP answer) or did
   * not accept the credentials (HTTP 401).
   */
  Optional<KubernetesClientException> fatal() {
    return Optional.ofNullable(fatal);
  }

  /** How many requests were sent (tests: the cache works). */
  int requests() {
    return requests;
  }

  private static boolean isFatal(KubernetesClientException e) {
    // no HTTP answer at all (connection refused, TLS, DNS), or credentials refused
    return e.getCode() <= 0 || e.getCode() == 401;
  }

  /** The server's message, else the exception's. */
  static String message(KubernetesClientException e) {
    var status = e.getStatus();
    return status != null && status.getMessage() != null ? status.getMessage() : e.getMessage();
  }
}
