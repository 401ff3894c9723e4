package dev.flowline.kubernetes.codepackage;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flowline.datastore.BlobStore;
import dev.flowline.datastore.LocalBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local store that behaves like a cloud store for the code package: any kind name, and signed
 * read URLs served by a JDK HTTP server on the loopback interface ({@code
 * http://127.0.0.1:PORT/o/KEY?X-Expires=MILLIS&X-Signature=HMAC}) that answers 403 for a wrong
 * signature or an expired URL and 404 for a missing key. Faults can be injected per key (statuses
 * answered before the real one, other bytes served instead). Counts puts and exists calls and
 * records every GET.
 */
public final class SignedUrlStore implements BlobStore {
  private final LocalBlobStore local;
  private final String kind;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final String secret = UUID.randomUUID().toString();

  /** Statuses answered, in order, before the key is served. */
  public final Map<String, Deque<Integer>> faults = new ConcurrentHashMap<>();

  /** Bytes served instead of the stored ones. */
  public final Map<String, byte[]> replaced = new ConcurrentHashMap<>();

  /** Keys of every GET, in order. */
  public final List<String> gets = new CopyOnWriteArrayList<>();

  public final AtomicInteger puts = new AtomicInteger();
  public final AtomicInteger existsCalls = new AtomicInteger();

  private SignedUrlStore(Path root, String kind) throws IOException {
    this.local = new LocalBlobStore(root);
    this.kind = kind;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/o/", this::serve);
    server.setExecutor(executor);
    server.start();
  }

  /** A store of {@code kind} in folder {@code root}, its HTTP server started. */
  public static SignedUrlStore start(Path root, String kind) throws IOException {
    return new SignedUrlStore(root, kind);
  }

  /** Answers {@code statuses} to the next GETs of {@code key}. */
  public void fail(String key, Integer... statuses) {
    faults.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
  }

  /** How many GETs {@code key} had. */
  public long getsOf(String key) {
    return gets.stream().filter(key::equals).count();
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public String root() {
    return kind + "://test-bucket/flowline";
  }

  @Override
  public void put(String key, InputStream data, long length) throws IOException {
    puts.incrementAndGet();
    local.put(key, data, length);
  }

  @Override
  public InputStream get(String key) throws IOException {
    return local.get(key);
  }

  @Override
  public boolean exists(String key) throws IOException {
    existsCalls.incrementAndGet();
    return local.exists(key);
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    return local.list(prefix);
  }

  @Override
  public void delete(String key) throws IOException {
    local.delete(key);
  }

  @Override
  public Optional<URI> signedReadUrl(String key, Duration ttl) {
    long expires = System.currentTimeMillis() + ttl.toMillis();
    return Optional.of(
        URI.create(
            "http://127.0.0.1:"
                + server.getAddress().getPort()
                + "/o/"
                + key
                + "?X-Expires="
                + expires
                + "&X-Signature="
                + signature(key, expires)));
  }

  @Override
  public void probe() {}

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private String signature(String key, long expires) {
    try {
      var md = MessageDigest.getInstance("SHA-256");
      md.update((secret + "|" + key + "|" + expires).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void serve(HttpExchange x) throws IOException {
    try (x) {
      String key = x.getRequestURI().getPath().substring("/o/".length());
      gets.add(key);
      Map<String, String> query = new ConcurrentHashMap<>();
      String raw = x.getRequestURI().getRawQuery();
      for (String kv : raw == null ? new String[0] : raw.split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          query.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
      long expires = Long.parseLong(query.getOrDefault("X-Expires", "0"));
      if (!signature(key, expires).equals(query.get("X-Signature"))
          || expires < System.currentTimeMillis()) {
        answer(x, 403, "<Error><Code>AccessDenied</Code></Error>".getBytes());
        return;
      }
      Deque<Integer> fault = faults.get(key);
      Integer status = fault == null ? null : fault.poll();
      if (status != null) {
        answer(x, status, "injected fault".getBytes());
        return;
      }
      byte[] body = replaced.get(key);
      if (body == null) {
        if (!local.exists(key)) {
          answer(x, 404, "<Error><Code>NoSuchKey</Code></Error>".getBytes());
          return;
        }
        try (InputStream in = local.get(key)) {
          body = in.readAllBytes();
        }
      }
      answer(x, 200, body);
    }
  }

  private static void answer(HttpExchange x, int status, byte[] body) throws IOException {
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }
}
