package dev.flowline.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Routes {@code System.out} and {@code System.err} by task. {@code System.out} is one object for
 * the whole JVM, so instead of swapping it per task (which sends the output of a thread that an
 * earlier task left running into the current task's log), it is replaced once by a router that
 * writes to the route of the writing thread. A route is set with {@link #route} for the current
 * thread and inherited by every thread started from it; once closed, what its threads still write
 * is dropped. Threads without a route write to the streams that were in place before.
 *
 * <p>This is the one place that changes JVM-wide state, because {@code System.out} is JVM-wide.
 */
final class TaskOutput {
  /** A destination of task output; closed when its task ended. */
  static final class Route implements AutoCloseable {
    private final OutputStream out;
    private final OutputStream err;
    private final Route previous;
    private volatile boolean closed;

    private Route(OutputStream out, OutputStream err, Route previous) {
      this.out = out;
      this.err = err;
      this.previous = previous;
    }

    /** Stops this route (later writes of its threads are dropped) and restores the previous one. */
    @Override
    public void close() {
      flushQuietly(out);
      flushQuietly(err);
      closed = true;
      if (ROUTE.get() == this) {
        ROUTE.set(previous);
      }
    }
  }

  private static final InheritableThreadLocal<Route> ROUTE = new InheritableThreadLocal<>();
  private static final Object LOCK = new Object();
  private static PrintStream fallbackOut;
  private static PrintStream fallbackErr;
  private static PrintStream routerOut;
  private static PrintStream routerErr;

  private TaskOutput() {}

  /**
   * Installs the router as {@code System.out} and {@code System.err}, unless it is in place; also
   * after a task closed or replaced them (a warm worker calls this before each task).
   */
  static void install() {
    synchronized (LOCK) {
      if (System.out == routerOut && System.err == routerErr && !routerOut.checkError()) {
        return;
      }
      if (routerOut == null) {
        fallbackOut = System.out;
        fallbackErr = System.err;
      }
      routerOut = new PrintStream(new Router(false), true, StandardCharsets.UTF_8);
      routerErr = new PrintStream(new Router(true), true, StandardCharsets.UTF_8);
      System.setOut(routerOut);
      System.setErr(routerErr);
    }
  }

  /**
   * Sends what the current thread, and every thread it starts from now on, writes to {@code out}
   * and {@code err}, until the returned route is closed.
   */
  static Route route(OutputStream out, OutputStream err) {
    install();
    var route = new Route(out, err, ROUTE.get());
    ROUTE.set(route);
    return route;
  }

  /** Where the current thread's standard output goes now (its route, or the original stream). */
  static OutputStream currentOut() {
    Route r = ROUTE.get();
    return r == null ? fallback(false) : new Forward(r, false);
  }

  /** Where the current thread's standard error goes now (its route, or the original stream). */
  static OutputStream currentErr() {
    Route r = ROUTE.get();
    return r == null ? fallback(true) : new Forward(r, true);
  }

  private static PrintStream fallback(boolean stderr) {
    synchronized (LOCK) {
      if (routerOut == null) {
        return stderr ? System.err : System.out;
      }
      return stderr ? fallbackErr : fallbackOut;
    }
  }

  private static void flushQuietly(OutputStream s) {
    try {
      s.flush();
    } catch (IOException e) {
      // the destination is gone: nothing left to flush to
    }
  }

  /** An output stream that writes wherever {@link #target()} says at the moment of each write. */
  private abstract static class Redirect extends OutputStream {
    final boolean stderr;

    Redirect(boolean stderr) {
      this.stderr = stderr;
    }

    abstract OutputStream target();

    /** Where {@code route} takes this stream's bytes: nowhere once it is closed. */
    OutputStream of(Route route) {
      return route.closed ? OutputStream.nullOutputStream() : stderr ? route.err : route.out;
    }

    @Override
    public void write(int b) throws IOException {
      target().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target().write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      target().flush();
    }
  }

  /** Writes to a given route while it is open. */
  private static final class Forward extends Redirect {
    private final Route route;

    Forward(Route route, boolean stderr) {
      super(stderr);
      this.route = route;
    }

    @Override
    OutputStream target() {
      return of(route);
    }
  }

  /** {@code System.out} or {@code System.err}: writes to the writing thread's route. */
  private static final class Router extends Redirect {
    Router(boolean stderr) {
      super(stderr);
    }

    @Override
    OutputStream target() {
      Route r = ROUTE.get();
      return r == null ? fallback(stderr) : of(r);
    }

    @Override
    public void close() {
      // a task that closes System.out closes nothing shared
    }
  }
}
