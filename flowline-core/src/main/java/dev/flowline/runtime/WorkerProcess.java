package dev.flowline.runtime;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A JVM that runs tasks: either a warm worker ({@link WorkerMain}) that runs one task after the
 * other, or a one-shot process that runs a single {@code step} command (used when a task needs its
 * own environment variables). The task's output is passed line by line to an {@link
 * OutputListener}: a warm worker sends it on its socket ({@link WorkerProtocol}); what the JVM
 * itself prints on its stdout and stderr goes to the listener of the task running at the time.
 */
final class WorkerProcess {
  /** Exit code reported when the worker died during the task. */
  static final int CRASHED = -1;

  private static final int START_TIMEOUT_SECONDS = 60;

  private final Process process;
  private final Socket socket;
  private final DataOutputStream out;
  private final DataInputStream in;
  private volatile OutputListener listener = (e, l) -> {};
  private volatile CountDownLatch streamsDone = new CountDownLatch(0);

  /**
   * A warm worker: pumps its output from the start (a JVM that prints much while it starts must not
   * block on a full pipe), then waits for it to connect back on {@code server}.
   */
  private WorkerProcess(Process process, ServerSocket server) throws IOException {
    this.process = process;
    var startOutput = new java.util.concurrent.ConcurrentLinkedDeque<String>();
    listener =
        (stderr, line) -> {
          startOutput.addLast(line);
          if (startOutput.size() > 20) {
            startOutput.pollFirst();
          }
        };
    streamsDone = new CountDownLatch(2);
    pump(process.getInputStream(), false);
    pump(process.getErrorStream(), true);
    Socket connected = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
    server.setSoTimeout(100);
    while (connected == null) {
      try {
        connected = server.accept();
      } catch (java.net.SocketTimeoutException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          process.destroyForcibly();
          String what =
              process.isAlive()
                  ? "did not connect within " + START_TIMEOUT_SECONDS + " s"
                  : "exited with code " + exitCodeOf(process) + " while starting";
          throw new IOException(
              "a worker JVM "
                  + what
                  + (startOutput.isEmpty()
                      ? ""
                      : "; it printed:\n  " + String.join("\n  ", startOutput))
                  + "\nCheck "
                  + LocalLaunch.WORKER_OPTS_ENV
                  + " and the Java installation.");
        }
      }
    }
    listener = (e, l) -> {};
    connected.setTcpNoDelay(true);
    this.socket = connected;
    this.out = new DataOutputStream(new BufferedOutputStream(connected.getOutputStream()));
    this.in = new DataInputStream(new BufferedInputStream(connected.getInputStream()));
  }

  /** Starts a warm worker and waits until it connects back. */
  static WorkerProcess startWarm(
      JvmCommand jvm, String flowClass, Path workDir, Map<String, String> env) throws IOException {
    try (var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      var args = new ArrayList<String>();
      args.add(Integer.toString(server.getLocalPort()));
      args.add(flowClass);
      jvm.userClassPath().forEach(p -> args.add(p.toAbsolutePath().toString()));
      var pb = new ProcessBuilder(jvm.commandLine(WorkerMain.class.getName(), false, args));
      pb.directory(workDir.toFile());
      pb.environment().clear();
      pb.environment().putAll(env);
      return new WorkerProcess(pb.start(), server);
    }
  }

  /** Starts a one-shot process running {@code args} with the user's classes on its class path. */
  static WorkerProcess startOneShot(
      JvmCommand jvm,
      List<String> args,
      Path workDir,
      Map<String, String> env,
      OutputListener listener)
      throws IOException {
    var pb = new ProcessBuilder(jvm.commandLine("dev.flowline.Flowline", true, args));
    pb.directory(workDir.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    var latch = new CountDownLatch(2);
    Process process = pb.start();
    var w = new WorkerProcess(process, null, listener, latch);
    return w;
  }

  private WorkerProcess(
      Process process, Socket socket, OutputListener listener, CountDownLatch latch)
      throws IOException {
    this.process = process;
    this.socket = socket;
    this.out = null;
    this.in = null;
    this.listener = listener;
    this.streamsDone = latch;
    pump(process.getInputStream(), false);
    pump(process.getErrorStream(), true);
  }

  /**
   * Waits for a one-shot process to end; its exit code. {@code onEnd} runs as soon as the process
   * ended, before its last output is read.
   */
  int awaitOneShot(Runnable onEnd) throws InterruptedException {
    int code = process.waitFor();
    onEnd.run();
    streamsDone.await(5, TimeUnit.SECONDS);
    return code;
  }

  /**
   * Runs one {@code step} command on a warm worker and waits for its end frame; its exit code, or
   * {@link #CRASHED} when the worker died. What the task prints arrives on the socket before its
   * end, so every line reached {@code taskListener} when this returns. {@code onEnd} runs as soon
   * as the end is known, before anything else.
   */
  WorkerProtocol.Done runTask(List<String> args, OutputListener taskListener, Runnable onEnd)
      throws InterruptedException {
    var outLines = new LineSplitter(false);
    var errLines = new LineSplitter(true);
    listener = taskListener;
    WorkerProtocol.Done done;
    try {
      WorkerProtocol.writeRequest(out, args);
      done =
          WorkerProtocol.readTaskEnd(
              in, (stderr, b) -> (stderr ? errLines : outLines).feed(b, 0, b.length, taskListener));
      onEnd.run();
    } catch (IOException e) {
      onEnd.run();
      done = new WorkerProtocol.Done(CRASHED, true);
      // the worker died: what it printed last (a JVM error) is on its own streams
      process.destroyForcibly();
      streamsDone.await(5, TimeUnit.SECONDS);
    }
    outLines.finish(taskListener);
    errLines.finish(taskListener);
    listener = (e, l) -> {};
    return done;
  }

  private static int exitCodeOf(Process process) {
    try {
      process.waitFor(1, TimeUnit.SECONDS);
      return process.exitValue();
    } catch (InterruptedException | IllegalThreadStateException e) {
      return CRASHED;
    }
  }

  /** Whether the process is still running. */
  boolean alive() {
    return process.isAlive();
  }

  /** The process id, for messages. */
  long pid() {
    return process.pid();
  }

  /** Asks an idle warm worker to exit by closing its connection (it exits normally). */
  void retire() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException e) {
      process.destroyForcibly();
    }
  }

  /** Kills the process (and any process it started) at once. */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // already closed: nothing to release
      }
    }
  }

  private void pump(InputStream stream, boolean stderr) {
    var t =
        new Thread(
            () -> {
              try (var in = new BufferedInputStream(stream)) {
                var lines = new LineSplitter(stderr);
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) != -1) {
                  lines.feed(buffer, 0, n, (e, l) -> listener.line(e, l));
                }
                lines.finish((e, l) -> listener.line(e, l));
              } catch (IOException e) {
                // the process is gone: its output ends here
              } finally {
                streamsDone.countDown();
              }
            },
            "flowline-output-" + (stderr ? "err" : "out"));
    t.setDaemon(true);
    t.start();
  }
}
