package dev.flowline.testkit.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of a test server that injects network faults: it drops every open
 * connection once a number of bytes has passed in one direction, and can then stay down (refusing
 * connections, like a dead server) until {@link #up()}. Only forwards to {@code 127.0.0.1}.
 */
public final class FaultProxy implements AutoCloseable {
  /** Which way bytes are counted. */
  public enum Direction {
    /** Client to server (uploads). */
    UPSTREAM,
    /** Server to client (downloads). */
    DOWNSTREAM
  }

  private final int targetPort;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong upstream = new AtomicLong();
  private final AtomicLong downstream = new AtomicLong();
  private volatile ServerSocket server;
  private volatile Direction cutDirection;
  private volatile long cutAt = Long.MAX_VALUE;
  private volatile boolean downAfterCut;
  private volatile int cuts;

  private FaultProxy(int targetPort, ServerSocket server) {
    this.targetPort = targetPort;
    this.server = server;
    this.port = server.getLocalPort();
  }

  /** Starts a proxy on a random loopback port forwarding to {@code 127.0.0.1:targetPort}. */
  public static FaultProxy start(int targetPort) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    FaultProxy proxy = new FaultProxy(targetPort, s);
    proxy.acceptOn(s);
    return proxy;
  }

  /** The proxy's port. */
  public int port() {
    return port;
  }

  /** Bytes forwarded so far in {@code direction}. */
  public long bytes(Direction direction) {
    return direction == Direction.UPSTREAM ? upstream.get() : downstream.get();
  }

  /** How many times connections were cut. */
  public int cuts() {
    return cuts;
  }

  /**
   * Once {@code bytes} more bytes have passed in {@code direction}, drops every open connection;
   * when {@code thenDown}, also stops listening, as a server that died would.
   */
  public synchronized void cutAfter(Direction direction, long bytes, boolean thenDown) {
    this.cutDirection = direction;
    this.downAfterCut = thenDown;
    this.cutAt = bytes(direction) + bytes;
  }

  /** Drops every connection and stops listening: connections are refused. */
  public synchronized void down() {
    closeQuietly(server);
    open.forEach(FaultProxy::closeQuietly);
    open.clear();
  }

  /** Listens again on the same port. */
  public synchronized void up() throws IOException {
    if (!server.isClosed()) {
      return;
    }
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    server = s;
    acceptOn(s);
  }

  @Override
  public void close() {
    down();
  }

  private void acceptOn(ServerSocket s) {
    Thread t = new Thread(() -> acceptLoop(s), "fault-proxy-accept-" + port);
    t.setDaemon(true);
    t.start();
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        synchronized (this) {
          // down() or a cut may have run between accept() and here: a connection it did not see
          // must not survive it, or a "dead" server would still serve this client
          if (s.isClosed() || server != s) {
            closeQuietly(client);
            closeQuietly(target);
            continue;
          }
          open.add(client);
          open.add(target);
        }
        pump(client, target, upstream, Direction.UPSTREAM);
        pump(target, client, downstream, Direction.DOWNSTREAM);
      } catch (IOException e) {
        // closed by down(), or the target refused: the client sees its connection drop
      }
    }
  }

  private void pump(Socket from, Socket to, AtomicLong counter, Direction direction) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) != -1; ) {
                  out.write(buf, 0, n);
                  long total = counter.addAndGet(n);
                  if (direction == cutDirection && total >= cutAt) {
                    fire();
                  }
                }
              } catch (IOException e) {
                // a side closed: close the other
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "fault-proxy-" + direction);
    t.setDaemon(true);
    t.start();
  }

  private synchronized void fire() {
    if (cutAt == Long.MAX_VALUE) {
      return;
    }
    cutAt = Long.MAX_VALUE;
    cuts++;
    if (downAfterCut) {
      down();
    } else {
      open.forEach(FaultProxy::closeQuietly);
      open.clear();
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
