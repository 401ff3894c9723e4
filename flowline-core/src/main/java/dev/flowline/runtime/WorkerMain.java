package dev.flowline.runtime;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A warm worker JVM: connects back to the runtime, then runs one {@code step} command at a time,
 * each in a fresh class loader for the user's classes so that static state of user classes never
 * leaks between tasks. What a task (and every thread it starts) prints goes to the runtime on the
 * socket, framed ({@link WorkerProtocol}), and stops with the task ({@link TaskOutput}); a task
 * that leaves a thread running its code behind gets the worker retired after it. Exits as soon as
 * the runtime goes away (its socket closes), also in the middle of a task.
 *
 * <p>Arguments: {@code PORT FLOW_CLASS [USER_CLASS_PATH_ENTRY...]}.
 */
public final class WorkerMain {
  /** How long threads a task started may take to end after it before the worker is retired. */
  private static final long LEFTOVER_GRACE_MILLIS = 200;

  private WorkerMain() {}

  /** Entry point of a worker process. */
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    String flowClass = args[1];
    var urls = new ArrayList<URL>();
    for (int i = 2; i < args.length; i++) {
      urls.add(toUrl(args[i]));
    }
    var busy = new AtomicBoolean();
    var parent = WorkerMain.class.getClassLoader();
    var runner =
        ServiceLoader.load(WorkerTaskRunner.class, parent)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no "
                            + WorkerTaskRunner.class.getName()
                            + " on the worker's class path: flowline-core's"
                            + " META-INF/services entry is missing; rebuild Flowline."));
    var services = new ConcurrentHashMap<String, List<URL>>();
    // warm up before connecting: the runtime hands tasks only to workers that are ready
    warmUp(flowClass, urls, parent, runner, services);
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
      TaskOutput.install();
      var group = new ThreadGroup("flowline-task");
      var task =
          new Thread(
              group,
              () -> {
                var done = runTask(request, urls, parent, runner, services, out);
                busy.set(false);
                try {
                  WorkerProtocol.writeDone(out, done);
                } catch (IOException e) {
                  Runtime.getRuntime().halt(3);
                }
              },
              "flowline-task");
      task.setDaemon(true);
      task.start();
    }
  }

  private static WorkerProtocol.Done runTask(
      List<String> request,
      List<URL> urls,
      ClassLoader parent,
      WorkerTaskRunner runner,
      Map<String, List<URL>> services,
      DataOutputStream socket) {
    int code;
    var route =
        TaskOutput.route(
            new WorkerProtocol.FrameStream(socket, false),
            new WorkerProtocol.FrameStream(socket, true));
    try (var loader = new TaskClassLoader(urls.toArray(URL[]::new), parent, services)) {
      Thread.currentThread().setContextClassLoader(loader);
      code = runner.run(request, loader);
    } catch (Throwable t) {
      t.printStackTrace(System.err);
      code = 1;
    }
    System.out.flush();
    System.err.flush();
    boolean retire = leftThreadsRunningUserCode();
    if (retire) {
      System.err.println(
          "flowline: this task left threads running its code; their further output is dropped"
              + " and the worker is not reused.");
    }
    route.close();
    releaseMemory();
    return new WorkerProtocol.Done(code, retire);
  }

  /**
   * Whether a thread the task started (in its thread group) still runs code of the task's class
   * loader after a short grace. Threads of libraries the task used (an HTTP client's reaper) run no
   * user code and do not count.
   */
  private static boolean leftThreadsRunningUserCode() {
    ThreadGroup group = Thread.currentThread().getThreadGroup();
    long deadline = System.nanoTime() + LEFTOVER_GRACE_MILLIS * 1_000_000;
    while (true) {
      var threads = new Thread[group.activeCount() + 4];
      int n = group.enumerate(threads);
      boolean userCode =
          Arrays.stream(threads, 0, n)
              .filter(t -> t != Thread.currentThread() && t.isAlive())
              .anyMatch(WorkerMain::runsUserCode);
      if (!userCode || System.nanoTime() > deadline) {
        return userCode;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
  }

  private static boolean runsUserCode(Thread t) {
    return Arrays.stream(t.getStackTrace())
        .anyMatch(f -> TaskClassLoader.NAME.equals(f.getClassLoaderName()));
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
      WorkerTaskRunner runner,
      Map<String, List<URL>> services) {
    try (var loader = new TaskClassLoader(urls.toArray(URL[]::new), parent, services)) {
      runner.warmUp(flowClass, loader);
    } catch (IOException | RuntimeException | LinkageError e) {
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
