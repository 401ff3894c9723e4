package dev.flowline.testkit.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The kubelet endpoint the API server proxies {@code pods/log} to: HTTPS on 127.0.0.1 with the
 * cluster's kubelet certificate, client certificates signed by the cluster CA required, {@code GET
 * /containerLogs/<ns>/<pod>/<container>} with {@code follow}, {@code previous}, {@code timestamps},
 * {@code sinceSeconds}, {@code sinceTime}, {@code tailLines} and {@code limitBytes}. Other kubelet
 * paths (exec, attach, port-forward) answer 501.
 */
final class LogServer {

  private final HttpsServer server;

  private LogServer(HttpsServer server) {
    this.server = server;
  }

  /** Starts serving; {@code pods} finds a pod's run by "namespace/name". */
  static LogServer start(Path pki, int port, Function<String, PodRun> pods)
      throws IOException, GeneralSecurityException {
    var server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    var ssl = sslContext(pki);
    server.setHttpsConfigurator(
        new HttpsConfigurator(ssl) {
          @Override
          public void configure(HttpsParameters params) {
            var p = ssl.getDefaultSSLParameters();
            p.setNeedClientAuth(true);
            params.setSSLParameters(p);
          }
        });
    server.createContext("/", exchange -> handle(exchange, pods));
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              var t = new Thread(r, "kubelet-endpoint");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return new LogServer(server);
  }

  void stop() {
    server.stop(0);
  }

  private static void handle(HttpExchange exchange, Function<String, PodRun> pods)
      throws IOException {
    try (exchange) {
      var path = exchange.getRequestURI().getPath().split("/");
      if (path.length != 5 || !path[1].equals("containerLogs")) {
        reply(
            exchange,
            501,
            "the Flowline node agent serves only /containerLogs/<namespace>/<pod>/<container>\n");
        return;
      }
      var query = query(exchange.getRequestURI().getRawQuery());
      var run = pods.apply(path[2] + "/" + path[3]);
      if (run == null) {
        reply(exchange, 404, "pod \"" + path[3] + "\" not found on this node\n");
        return;
      }
      boolean previous = "true".equals(query.get("previous"));
      var log = run.log(path[4], previous);
      if (log == null) {
        reply(
            exchange,
            400,
            previous
                ? "previous terminated container \""
                    + path[4]
                    + "\" in pod \""
                    + path[3]
                    + "\" not found\n"
                : "container \""
                    + path[4]
                    + "\" in pod \""
                    + path[3]
                    + "\" is waiting to start: ContainerCreating\n");
        return;
      }
      Instant since = null;
      if (query.containsKey("sinceTime")) {
        since = Instant.parse(query.get("sinceTime"));
      } else if (query.containsKey("sinceSeconds")) {
        since = Instant.now().minusSeconds(Long.parseLong(query.get("sinceSeconds")));
      }
      var q =
          new ContainerLog.Query(
              "true".equals(query.get("follow")),
              "true".equals(query.get("timestamps")),
              since,
              query.containsKey("tailLines") ? Integer.valueOf(query.get("tailLines")) : null,
              query.containsKey("limitBytes") ? Long.valueOf(query.get("limitBytes")) : null);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, 0);
      log.serve(q, exchange.getResponseBody());
    }
  }

  private static void reply(HttpExchange exchange, int code, String text) throws IOException {
    var bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> query(String raw) {
    var result = new HashMap<String, String>();
    if (raw == null) {
      return result;
    }
    for (var pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      var key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      result.put(
          key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return result;
  }

  private static SSLContext sslContext(Path pki) throws IOException, GeneralSecurityException {
    var certs = CertificateFactory.getInstance("X.509");
    Certificate cert;
    Certificate ca;
    try (InputStream in = Files.newInputStream(pki.resolve("kubelet.crt"))) {
      cert = certs.generateCertificate(in);
    }
    try (InputStream in = Files.newInputStream(pki.resolve("ca.crt"))) {
      ca = certs.generateCertificate(in);
    }
    var pem = Files.readString(pki.resolve("kubelet.key"));
    if (!pem.contains("BEGIN PRIVATE KEY")) {
      throw new GeneralSecurityException(
          pki.resolve("kubelet.key")
              + " is not a PKCS#8 key (BEGIN PRIVATE KEY); "
              + "make it with OpenSSL 3 or convert it with: openssl pkcs8 -topk8 -nocrypt");
    }
    var der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    var password = "flowline".toCharArray();
    var keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry("kubelet", key, password, new Certificate[] {cert, ca});
    var trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keyStore, password);
    var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    var context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }
}
