package dev.flowline.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes of one output stream, in pieces of any size, into lines for an {@link
 * OutputListener} (UTF-8, without {@code \n} or {@code \r\n}).
 */
final class LineSplitter {
  private final boolean stderr;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  LineSplitter(boolean stderr) {
    this.stderr = stderr;
  }

  /** Passes every complete line in {@code bytes} (after what came before) to {@code listener}. */
  void feed(byte[] bytes, int off, int len, OutputListener listener) {
    for (int i = off; i < off + len; i++) {
      if (bytes[i] == '\n') {
        emit(listener);
      } else {
        line.write(bytes[i]);
      }
    }
  }

  /** Passes the last line, when it had no line terminator. */
  void finish(OutputListener listener) {
    if (line.size() > 0) {
      emit(listener);
    }
  }

  private void emit(OutputListener listener) {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    listener.line(stderr, text);
  }
}
