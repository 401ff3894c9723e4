package dev.flowline.runtime;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire format between the runtime and a warm worker JVM, over a loopback socket. A request is
 * the argument list of one {@code step} command. The worker answers with frames: {@link #STDOUT}
 * and {@link #STDERR} carry what the task printed, {@link #DONE} its exit code and whether the
 * worker must be retired, and ends the task. The task's result travels on this socket only, never
 * on the streams the user's code can write to (the worker's own stdout and stderr), so a task that
 * closes or floods them cannot make the runtime wait.
 */
final class WorkerProtocol {
  /** A frame with bytes the task wrote to its standard output. */
  static final byte STDOUT = 'O';

  /** A frame with bytes the task wrote to its standard error. */
  static final byte STDERR = 'E';

  /** The last frame of a task: its exit code, and whether the worker must not run another. */
  static final byte DONE = 'D';

  private WorkerProtocol() {}

  /** How a task ended on a worker. */
  record Done(int exitCode, boolean retire) {}

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
    } catch (EOFException e) {
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

  /** Writes the last frame of a task. */
  static void writeDone(DataOutputStream out, Done done) throws IOException {
    synchronized (out) {
      out.writeByte(DONE);
      out.writeInt(done.exitCode());
      out.writeBoolean(done.retire());
      out.flush();
    }
  }

  /**
   * Reads the frames of one task, passing output bytes to {@code output}, up to its {@link #DONE}
   * frame.
   */
  static Done readTaskEnd(DataInputStream in, OutputSink output) throws IOException {
    while (true) {
      byte kind = in.readByte();
      if (kind == DONE) {
        return new Done(in.readInt(), in.readBoolean());
      }
      byte[] b = new byte[in.readInt()];
      in.readFully(b);
      output.bytes(kind == STDERR, b);
    }
  }

  /** Receives the output frames of a task. */
  interface OutputSink {
    void bytes(boolean stderr, byte[] bytes);
  }

  /**
   * A task's stdout or stderr on the worker side: buffers what is written and sends it as one frame
   * on {@link #flush()} (a {@code println} flushes) or when the buffer is full.
   */
  static final class FrameStream extends OutputStream {
    private final DataOutputStream socket;
    private final byte kind;
    private final byte[] buffer = new byte[8192];
    private int size;

    FrameStream(DataOutputStream socket, boolean stderr) {
      this.socket = socket;
      this.kind = stderr ? STDERR : STDOUT;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      if (size == buffer.length) {
        flush();
      }
      buffer[size++] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      if (len > buffer.length - size) {
        flush();
      }
      if (len >= buffer.length) {
        send(b, off, len);
        return;
      }
      System.arraycopy(b, off, buffer, size, len);
      size += len;
    }

    @Override
    public synchronized void flush() throws IOException {
      if (size > 0) {
        send(buffer, 0, size);
        size = 0;
      }
    }

    private void send(byte[] b, int off, int len) throws IOException {
      synchronized (socket) {
        socket.writeByte(kind);
        socket.writeInt(len);
        socket.write(b, off, len);
        socket.flush();
      }
    }
  }
}
