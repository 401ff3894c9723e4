package dev.flowline.runtime;

import dev.flowline.Flowline;
import dev.flowline.cli.WorkerCache;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A warm worker JVM: connects back to the runtime, then runs one {@code step} command at a time,
 * each in a fresh class loader for the user's classes so that static state of user classes never
 * leaks between tasks. Exits as soon as the runtime goes away (its socket closes), also in the
 * middle of a task.
 *
 * <p>Arguments: {@code PORT FLOW_CLASS [USER_CLASS_PATH_ENTRY...]}.
 */
public final class WorkerMain {
  private WorkerMain() {}

  /** Entry point of a worker process. */
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    String flowClass = args[1];
    var urls = new ArrayList<URL>();
    for (int i = 2; i < args.length; i++) {
      urls.add(toUrl(args[i]));
    }
    var busy = new java.util.concurrent.atomic.AtomicBoolean();
    var parent = WorkerMain.class.getClassLoader();
    var cache = WorkerCache.forWorker();
    var services = new ConcurrentHashMap<String, List<URL>>();
    // warm up before connecting: the runtime hands tasks only to workers that are ready
    warmUp(flowClass, urls, parent, cache, services);
    var socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    var in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    var out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    while (true) {
      List<String> request = WorkerProtocol.readRequest(in);
      if (request == null) {
        // the runtime is gone or done: stop a running task at once, else exit normally
        if (busy.get()) {
          Runtime.getRuntime().halt(1);
        }
        System.exit(0);
      }
      busy.set(true);
      var task =
          new Thread(
              () -> {
                int code = runTask(request, urls, parent, cache, services);
                busy.set(false);
                try {
                  out.writeInt(code);
                  out.flush();
                } catch (IOException e) {
                  Runtime.getRuntime().halt(3);
                }
              },
              "flowline-task");
      task.setDaemon(true);
      task.start();
    }
  }

  private static int runTask(
      List<String> request,
      List<URL> urls,
      ClassLoader parent,
      WorkerCache cache,
      Map<String, List<URL>> services) {
    int code;
    try (var loader = new TaskClassLoader(urls.toArray(URL[]::new), parent, services)) {
      Thread.currentThread().setContextClassLoader(loader);
      code =
          Flowline.execute(
              request, System.getenv(), Path.of(""), loader, System.out, System.err, cache);
    } catch (Throwable t) {
      t.printStackTrace(System.err);
      code = 1;
    }
    releaseMemory();
    System.out.flush();
    System.err.flush();
    System.out.print("\n" + WorkerProtocol.END_MARKER + "\n");
    System.err.print("\n" + WorkerProtocol.END_MARKER + "\n");
    System.out.flush();
    System.err.flush();
    return code;
  }

  /**
   * After a task that used a lot of memory (large artifacts), collects it now, so the next task
   * reuses the space instead of the heap (and the worker's resident memory) growing.
   */
  private static void releaseMemory() {
    Runtime rt = Runtime.getRuntime();
    if (rt.totalMemory() - rt.freeMemory() > 64L * 1024 * 1024) {
      System.gc();
    }
  }

  private static void warmUp(
      String flowClass,
      List<URL> urls,
      ClassLoader parent,
      WorkerCache cache,
      Map<String, List<URL>> services) {
    try (var loader = new TaskClassLoader(urls.toArray(URL[]::new), parent, services)) {
      Flowline.warmUp(flowClass, loader, cache);
    } catch (Throwable t) {
      // warming up is an optimisation only; the first task reports any real problem
    }
  }

  private static URL toUrl(String entry) {
    try {
      return Path.of(entry).toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("bad class path entry " + entry, e);
    }
  }
}
