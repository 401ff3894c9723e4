package dev.flowline.bench.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the Kubernetes API requests of this JVM by kind ({@link #category}), for the Kubernetes
 * launch benchmarks: every fabric8 client built here gets {@link #interceptor()} through {@link
 * CountingHttpClientFactory}. A watch or a followed log is one request however long it stays open.
 * Also keeps, per Job created, the time its create request was sent ({@link #createSent}). With
 * {@code -Dflowline.bench.requestLog=FILE} every request ({@code MILLIS METHOD URI}, time since the
 * JVM started) is written to FILE when the JVM exits.
 */
public final class ApiRequests {
  private static final ApiRequests GLOBAL = new ApiRequests();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, Long> createSent = new ConcurrentHashMap<>();
  private final Queue<String> log = logTo(System.getProperty("flowline.bench.requestLog"));

  /** The counter of this JVM's clients. */
  public static ApiRequests global() {
    return GLOBAL;
  }

  /** The interceptor that counts each request before it is sent. */
  public Interceptor interceptor() {
    return new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        String category = category(request.method(), request.uri());
        counts.computeIfAbsent(category, c -> new LongAdder()).increment();
        if (log != null) {
          log.add(
              ManagementFactory.getRuntimeMXBean().getUptime()
                  + " "
                  + request.method()
                  + " "
                  + request.uri());
        }
        if (category.equals("create jobs")) {
          String name = jobName(request.bodyString());
          if (name != null) {
            createSent.putIfAbsent(name, System.nanoTime());
          }
        }
      }
    };
  }

  private static Queue<String> logTo(String file) {
    if (file == null || file.isBlank()) {
      return null;
    }
    Queue<String> lines = new ConcurrentLinkedQueue<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    Files.write(Path.of(file), lines);
                  } catch (IOException e) {
                    System.err.println("cannot write the request log " + file + ": " + e);
                  }
                }));
    return lines;
  }

  /** Requests so far by category, sorted. */
  public Map<String, Long> snapshot() {
    var result = new TreeMap<String, Long>();
    counts.forEach((k, v) -> result.put(k, v.sum()));
    return result;
  }

  /** The {@link System#nanoTime} at which the create request of Job {@code name} was sent. */
  public Long createSent(String name) {
    return createSent.get(name);
  }

  /** Total of {@code snapshot}. */
  public static long total(Map<String, Long> snapshot) {
    return snapshot.values().stream().mapToLong(Long::longValue).sum();
  }

  /** {@code after} minus {@code before}, per category (categories with 0 left out). */
  public static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
    var result = new TreeMap<String, Long>();
    after.forEach(
        (k, v) -> {
          long d = v - before.getOrDefault(k, 0L);
          if (d != 0) {
            result.put(k, d);
          }
        });
    return result;
  }

  /**
   * What a request does, as {@code VERB RESOURCE}: verbs {@code create}, {@code get}, {@code list},
   * {@code watch}, {@code patch}, {@code update}, {@code delete}, {@code deletecollection}, {@code
   * log} (a pod's log; {@code log-follow} when followed); the resource with its subresource ({@code
   * pods/status}). Other paths ({@code /version}, discovery) are {@code METHOD PATH}.
   */
  public static String category(String method, URI uri) {
    String path = uri.getPath();
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    List<String> parts = List.of(path.replaceAll("^/+|/+$", "").split("/"));
    int resourceAt;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      resourceAt = 2;
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      resourceAt = 3;
    } else {
      return method + " " + path;
    }
    if (parts.size() > resourceAt + 1 && parts.get(resourceAt).equals("namespaces")) {
      resourceAt += 2; // namespaces/NS/RESOURCE...
    }
    if (parts.size() <= resourceAt) {
      // namespaces/NS itself, or a group's discovery document
      return parts.get(resourceAt - 2).equals("namespaces")
          ? verb(method, true, query) + " namespaces"
          : method + " " + path;
    }
    String resource = parts.get(resourceAt);
    boolean named = parts.size() > resourceAt + 1;
    String sub = parts.size() > resourceAt + 2 ? parts.get(resourceAt + 2) : null;
    if ("log".equals(sub)) {
      return (query.matches("(.*&)?follow=true(&.*)?") ? "log-follow " : "log ") + resource;
    }
    return verb(method, named, query) + " " + resource + (sub == null ? "" : "/" + sub);
  }

  private static String verb(String method, boolean named, String query) {
    boolean watch = query.matches("(.*&)?watch=(true|1)(&.*)?");
    return switch (method) {
      case "GET" -> watch ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> method;
    };
  }

  /** The {@code metadata.name} of a JSON object, or null. */
  static String jobName(String json) {
    if (json == null) {
      return null;
    }
    try {
      var name = JSON.readTree(json).path("metadata").path("name");
      return name.isTextual() ? name.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
