package dev.flowline.kubernetes.launch;

import dev.flowline.runtime.AttemptListener;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Follows one pod's container log through {@code pods/log?follow=true} and passes it on line by
 * line. The bytes arrive on the HTTP client's threads (no thread of ours waits on the stream);
 * {@link #done} completes when the API server ends the stream (the container ended) or following
 * failed. The task saves its own logs to the datastore, so a line lost here is still in {@code
 * logs}.
 */
final class PodLogs implements AutoCloseable {
  private final AttemptListener listener;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Lines lines = new Lines();
  private volatile LogWatch watch;
  private volatile boolean closed;

  PodLogs(AttemptListener listener) {
    this.listener = listener;
  }

  /** Starts following (blocks until the stream is open; call off the coordinator thread). */
  void follow(KubernetesClient client, String namespace, String pod, String container) {
    if (closed) {
      done.complete(null);
      return;
    }
    try {
      var w =
          client.pods().inNamespace(namespace).withName(pod).inContainer(container).watchLog(lines);
      watch = w;
      w.onClose()
          .whenComplete(
              (error, failure) -> {
                lines.flushRest();
                done.complete(null);
              });
    } catch (KubernetesClientException e) {
      listener.line(
          true,
          "flowline: could not follow the log of pod "
              + pod
              + ": "
              + e.getMessage()
              + " (the task's own log is in the datastore: see 'logs').");
      done.complete(null);
    } catch (RuntimeException e) {
      done.complete(null);
    }
  }

  CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void close() {
    closed = true;
    var w = watch;
    if (w != null) {
      w.close();
    }
    done.complete(null);
  }

  /** Splits the stream into lines (UTF-8; a line's end is '\n', a '\r' before it is dropped). */
  private final class Lines extends OutputStream {
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        emit();
      } else {
        line.write(b);
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      int start = off;
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          line.write(b, start, i - start);
          emit();
          start = i + 1;
        }
      }
      line.write(b, start, off + len - start);
    }

    synchronized void flushRest() {
      if (line.size() > 0) {
        emit();
      }
    }

    private void emit() {
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      if (!closed) {
        listener.line(false, text);
      }
    }
  }
}
