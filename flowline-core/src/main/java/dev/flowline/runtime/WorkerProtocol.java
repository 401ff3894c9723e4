package dev.flowline.runtime;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire format between the runtime and a warm worker JVM, over a loopback socket: a request is
 * the argument list of one {@code step} command, a reply its exit code. The task's stdout and
 * stderr go to the worker's own stdout and stderr, each closed by {@link #END_MARKER} on a line of
 * its own.
 */
final class WorkerProtocol {
  /**
   * Written at the end of a task's output on both streams; never appears in user output by
   * accident.
   */
  static final String END_MARKER = "\u0001flowline-task-end\u0001";

  private WorkerProtocol() {}

  static void writeRequest(DataOutputStream out, List<String> args) throws IOException {
    out.writeInt(args.size());
    for (String a : args) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      out.writeInt(b.length);
      out.write(b);
    }
    out.flush();
  }

  /** Reads a request; {@code null} at end of stream (the runtime is gone). */
  static List<String> readRequest(DataInputStream in) throws IOException {
    int n;
    try {
      n = in.readInt();
    } catch (java.io.EOFException e) {
      return null;
    }
    var args = new ArrayList<String>(n);
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[in.readInt()];
      in.readFully(b);
      args.add(new String(b, StandardCharsets.UTF_8));
    }
    return args;
  }
}
