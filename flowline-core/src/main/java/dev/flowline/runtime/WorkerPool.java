package dev.flowline.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Warm worker JVMs for one run, started on demand up to a maximum. Starting and warming up a JVM
 * costs about a CPU-second, so at most one is starting at any time, and only once a task has waited
 * for a worker longer than a worker takes to start, and then only when tasks take longer than a
 * start-up or enough of them are queued to pay it back: short tasks are served by the workers
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

  /** The last failed start, and how many starts failed so far (a waiter fails on a new one). */
  private IOException startFailure;

  private long startFailures;

  /** Another worker starts when the queued work is this many worker start-ups per worker. */
  private static final int GROW_WHEN_QUEUED_STARTS = 8;

  private volatile long growAfterNanos = 500_000_000L;
  private long averageTaskNanos;
  private final int processors = Runtime.getRuntime().availableProcessors();
  private int backlog;
  private int waiting;
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
    // a thread of its own: starting a JVM blocks for up to a minute, which must not hold a thread
    // of the common pool (on two cores it has one)
    var starter =
        new Thread(
            () -> {
              WorkerProcess w = startOne();
              if (w != null) {
                release(w, false);
              }
            },
            "flowline-worker-start");
    starter.setDaemon(true);
    starter.start();
  }

  /**
   * A worker for one task: an idle one, or a newly started one when none is idle and the pool may
   * grow.
   *
   * @throws IOException when a worker JVM cannot be started
   */
  WorkerProcess acquire() throws IOException, InterruptedException {
    synchronized (this) {
      waiting++;
    }
    try {
      return acquireWaiting();
    } finally {
      synchronized (this) {
        waiting--;
      }
    }
  }

  /**
   * Tells the pool how many tasks are ready but not yet handed to it (the runtime gives it at most
   * {@code --max-workers} at a time): with the tasks waiting in {@link #acquire()}, the queued work
   * that decides whether another worker pays for its start.
   */
  synchronized void backlog(int tasks) {
    if (tasks != backlog) {
      backlog = tasks;
      notifyAll();
    }
  }

  /**
   * Whether one more worker pays for its start: always for the first; when tasks take longer than a
   * start-up; else only when the queued tasks, at the task time, would keep every worker busy for
   * several start-ups, and not beyond one worker per processor. A worker JVM costs about a
   * CPU-second to start and warm up, which a few dozen tasks of a few milliseconds never pay back
   * on a small machine (docs/benchmarks.md: a 100-task foreach of trivial tasks is faster and takes
   * 1.1 CPU-s less on one worker than on two).
   *
   * @param taskNanos how long a task takes (0 when not known yet)
   * @param startNanos how long a worker takes to start
   * @param queuedTasks tasks waiting for a worker or not yet handed to the pool
   */
  static boolean worthAnotherWorker(
      int workers, int processors, long taskNanos, long startNanos, int queuedTasks) {
    if (workers == 0 || taskNanos >= startNanos) {
      return true;
    }
    if (workers >= processors || taskNanos == 0) {
      return false;
    }
    long queuedNanos = queuedTasks * taskNanos / workers;
    return queuedNanos >= GROW_WHEN_QUEUED_STARTS * startNanos;
  }

  /**
   * How long a task takes: the recent average, or, while it is below, how long the oldest running
   * task has been running (so that long first tasks count before any has finished).
   */
  private long taskEstimate() {
    long now = System.nanoTime();
    long running = busySince.values().stream().mapToLong(t -> now - t).max().orElse(0);
    return Math.max(averageTaskNanos, running);
  }

  private WorkerProcess acquireWaiting() throws IOException, InterruptedException {
    long since = System.nanoTime();
    long failuresBefore;
    synchronized (this) {
      failuresBefore = startFailures;
    }
    while (true) {
      synchronized (this) {
        if (closed) {
          throw new IOException("the run is stopping: no new task is started");
        }
        // a start that failed while this task waited fails it; a later task tries a new start
        if (startFailures > failuresBefore) {
          throw startFailure;
        }
        if (!idle.isEmpty()) {
          WorkerProcess w = idle.poll();
          busySince.put(w, System.nanoTime());
          return w;
        }
        // grow only when waiting for a busy worker costs more than starting one: short tasks are
        // served by the warm workers, long ones get more workers
        long now = System.nanoTime();
        boolean waitedLong = all.isEmpty() || now - since >= growAfterNanos;
        boolean worthIt =
            worthAnotherWorker(
                all.size(), processors, taskEstimate(), growAfterNanos, backlog + waiting);
        if (starting == 0 && all.size() < max && waitedLong && worthIt) {
          starting++;
        } else {
          // woken by a release, a start, a failure or close; else when waiting or the oldest
          // running task has lasted as long as a start, which may make another worker pay
          wait(Math.max(1, millisUntilGrowthMayPay(since, now)));
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

  /**
   * How long until the growth rule may answer otherwise with nothing released or started: when this
   * task has waited, or the oldest running task has run, as long as a start takes; else (both
   * passed) after a start-up time, as a safety net.
   */
  private long millisUntilGrowthMayPay(long since, long now) {
    long next = Long.MAX_VALUE;
    if (since + growAfterNanos > now) {
      next = since + growAfterNanos;
    }
    for (long busy : busySince.values()) {
      if (busy + growAfterNanos > now) {
        next = Math.min(next, busy + growAfterNanos);
      }
    }
    long nanos = next == Long.MAX_VALUE ? growAfterNanos : next - now;
    return nanos / 1_000_000 + 1;
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
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        starting--;
        startFailure =
            e instanceof IOException io
                ? io
                : new IOException("a worker JVM could not be started: " + e, e);
        startFailures++;
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

  /** The process ids of the pool's live workers, for messages and tests. */
  synchronized java.util.List<Long> pids() {
    return all.stream().filter(WorkerProcess::alive).map(WorkerProcess::pid).sorted().toList();
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
