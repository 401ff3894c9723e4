package dev.flowline.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Warm worker JVMs for one run, started on demand up to a maximum. Starting a JVM costs a few
 * hundred milliseconds of CPU, so at most one is starting at any time, and only once a task has
 * waited for a worker longer than a worker takes to start: short tasks are served by the workers
 * already warm, long ones get more workers as they keep the others busy. Workers that crashed or
 * were killed are dropped, never reused.
 */
final class WorkerPool implements AutoCloseable {
  private final JvmCommand jvm;
  private final String flowClass;
  private final Path workDir;
  private final Map<String, String> env;
  private int max;
  private final ArrayDeque<WorkerProcess> idle = new ArrayDeque<>();
  private final Set<WorkerProcess> all = new HashSet<>();
  private int starting;
  private boolean closed;
  private IOException startFailure;
  private volatile long growAfterNanos = 500_000_000L;
  private long averageTaskNanos;
  private final int processors = Runtime.getRuntime().availableProcessors();
  private final java.util.Map<WorkerProcess, Long> busySince = new java.util.HashMap<>();

  WorkerPool(JvmCommand jvm, String flowClass, Path workDir, Map<String, String> env, int max) {
    this.jvm = jvm;
    this.flowClass = flowClass;
    this.workDir = workDir;
    this.env = Map.copyOf(env);
    this.max = Math.max(1, max);
  }

  /** Sets how many workers the pool may grow to (at least one). */
  synchronized void max(int max) {
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
   * A worker for one task: an idle one, or a newly started one when none is idle and the pool may
   * grow.
   *
   * @throws IOException when a worker JVM cannot be started
   */
  WorkerProcess acquire() throws IOException, InterruptedException {
    long since = System.nanoTime();
    while (true) {
      synchronized (this) {
        if (closed) {
          throw new IOException("the run is stopping: no new task is started");
        }
        if (startFailure != null) {
          throw startFailure;
        }
        if (!idle.isEmpty()) {
          WorkerProcess w = idle.poll();
          busySince.put(w, System.nanoTime());
          return w;
        }
        // grow only when waiting for a busy worker costs more than starting one: short tasks are
        // served by
        // the warm workers, long ones get more workers
        boolean waitedLong = all.isEmpty() || System.nanoTime() - since >= growAfterNanos;
        // beyond one worker per processor, only tasks that run longer than a start-up gain from
        // more
        boolean worthIt = all.size() < processors || averageTaskNanos >= growAfterNanos;
        if (starting == 0 && all.size() < max && waitedLong && worthIt) {
          starting++;
        } else {
          wait(50);
          continue;
        }
      }
      WorkerProcess w = startOne();
      if (w != null) {
        synchronized (this) {
          busySince.put(w, System.nanoTime());
        }
        return w;
      }
    }
  }

  private WorkerProcess startOne() {
    try {
      long t0 = System.nanoTime();
      WorkerProcess w = WorkerProcess.startWarm(jvm, flowClass, workDir, env);
      growAfterNanos = Math.max(500_000_000L, System.nanoTime() - t0);
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
    Long since = busySince.remove(w);
    if (since != null) {
      long took = System.nanoTime() - since;
      averageTaskNanos = averageTaskNanos == 0 ? took : (7 * averageTaskNanos + 3 * took) / 10;
    }
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

  /** Kills every busy worker and retires the idle ones; no new one starts. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      for (WorkerProcess w : all) {
        if (busySince.containsKey(w)) {
          w.kill();
        } else {
          w.retire();
        }
      }
      all.clear();
      idle.clear();
      notifyAll();
    }
  }
}
