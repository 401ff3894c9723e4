package dev.flowline.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Warm worker JVMs for one run, started on demand up to a maximum. Starting a JVM costs a few hundred
 * milliseconds of CPU, so at most one is starting at any time: short tasks are served by the workers already
 * warm, long ones get more workers as they keep the others busy. Workers that crashed or were killed are
 * dropped, never reused.
 */
final class WorkerPool implements AutoCloseable {
  private final JvmCommand jvm;
  private final String flowClass;
  private final Path workDir;
  private final Map<String, String> env;
  private final int max;
  private final ArrayDeque<WorkerProcess> idle = new ArrayDeque<>();
  private final Set<WorkerProcess> all = new HashSet<>();
  private int starting;
  private boolean closed;
  private IOException startFailure;

  WorkerPool(JvmCommand jvm, String flowClass, Path workDir, Map<String, String> env, int max) {
    this.jvm = jvm;
    this.flowClass = flowClass;
    this.workDir = workDir;
    this.env = Map.copyOf(env);
    this.max = Math.max(1, max);
  }

  /** Starts the first worker in the background, so its start-up overlaps the runtime's own work. */
  void prestart() {
    synchronized (this) {
      if (starting > 0 || !all.isEmpty()) {
        return;
      }
      starting++;
    }
    CompletableFuture.runAsync(
        () -> {
          WorkerProcess w = startOne();
          if (w != null) {
            release(w, false);
          }
        });
  }

  /**
   * A worker for one task: an idle one, or a newly started one when none is idle and the pool may grow.
   *
   * @throws IOException when a worker JVM cannot be started
   */
  WorkerProcess acquire() throws IOException, InterruptedException {
    while (true) {
      synchronized (this) {
        if (closed) {
          throw new IOException("the run is stopping: no new task is started");
        }
        if (startFailure != null) {
          throw startFailure;
        }
        if (!idle.isEmpty()) {
          return idle.poll();
        }
        if (starting == 0 && all.size() < max) {
          starting++;
        } else {
          wait(100);
          continue;
        }
      }
      WorkerProcess w = startOne();
      if (w != null) {
        return w;
      }
    }
  }

  private WorkerProcess startOne() {
    try {
      WorkerProcess w = WorkerProcess.startWarm(jvm, flowClass, workDir, env);
      synchronized (this) {
        starting--;
        if (closed) {
          w.kill();
          return null;
        }
        all.add(w);
        notifyAll();
      }
      return w;
    } catch (IOException e) {
      synchronized (this) {
        starting--;
        startFailure = e;
        notifyAll();
      }
      return null;
    }
  }

  /** Gives a worker back after a task; a broken one is killed and dropped. */
  synchronized void release(WorkerProcess w, boolean broken) {
    if (broken || closed || !w.alive()) {
      w.kill();
      all.remove(w);
    } else {
      idle.push(w);
    }
    notifyAll();
  }

  /** Kills {@code w} (a task on it timed out or is cancelled); it is dropped when released. */
  void kill(WorkerProcess w) {
    w.kill();
  }

  /** Kills every worker; no new one starts. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      for (WorkerProcess w : all) {
        w.kill();
      }
      all.clear();
      idle.clear();
      notifyAll();
    }
  }
}
