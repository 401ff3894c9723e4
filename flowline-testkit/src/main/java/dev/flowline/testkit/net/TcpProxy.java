package dev.flowline.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port that passes bytes to a target unchanged (TLS included) and
 * can cut every open connection at once, as a network blip or a restarted load balancer does: for
 * tests of clients that must resume a watch or a stream. New connections are accepted again right
 * after a cut.
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile boolean closed;
  private volatile boolean refusing;

  private TcpProxy(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  /** A proxy to {@code host:port}, listening on a free port of 127.0.0.1. */
  public static TcpProxy start(String host, int port) throws IOException {
    var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    var proxy = new TcpProxy(server, new InetSocketAddress(host, port));
    Thread accept = new Thread(proxy::acceptLoop, "tcp-proxy-accept-" + server.getLocalPort());
    accept.setDaemon(true);
    accept.start();
    return proxy;
  }

  /** The port it listens on. */
  public int port() {
    return server.getLocalPort();
  }

  /** How many connections it accepted so far. */
  public int connectionsAccepted() {
    return accepted.get();
  }

  /**
   * While {@code refuse} is true, every new connection is closed as soon as it is accepted (the
   * target looks down), so a client cannot reconnect until this is called with false.
   */
  public void refuseNew(boolean refuse) {
    this.refusing = refuse;
  }

  /** Closes every open connection (both sides); returns how many pairs were cut. */
  public int cutAll() {
    int n = 0;
    for (Socket s : Set.copyOf(open)) {
      closeQuietly(s);
      open.remove(s);
      n++;
    }
    return n / 2;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (refusing) {
          closeQuietly(client);
          continue;
        }
        accepted.incrementAndGet();
        Socket upstream = new Socket();
        try {
          upstream.connect(target, 5000);
        } catch (IOException e) {
          closeQuietly(client);
          continue;
        }
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // cut or closed: end both sides
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly2(server);
    cutAll();
  }

  private static void closeQuietly2(ServerSocket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
