package dev.flowline.runtime;

import static dev.flowline.runtime.WorkerPool.worthAnotherWorker;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the pool starts another worker JVM. */
class WorkerPoolGrowthTest {
  private static final long MS = 1_000_000L;
  private static final long START = 500 * MS;

  @Test
  void theFirstWorkerAlwaysStarts() {
    assertThat(worthAnotherWorker(0, 2, 0, START, 0)).isTrue();
  }

  @Test
  void tasksLongerThanAStartGetMoreWorkersEvenBeyondTheProcessors() {
    assertThat(worthAnotherWorker(1, 2, 2_000 * MS, START, 1)).isTrue();
    assertThat(worthAnotherWorker(4, 2, 2_000 * MS, START, 1)).isTrue();
  }

  @Test
  void aHundredShortTasksStayOnOneWorker() {
    // the 100-task foreach of the benchmarks: ~15 ms a task
    assertThat(worthAnotherWorker(1, 2, 15 * MS, START, 100)).isFalse();
  }

  @Test
  void manyShortTasksGetAWorkerPerProcessorButNoMore() {
    assertThat(worthAnotherWorker(1, 2, 15 * MS, START, 1_000)).isTrue();
    assertThat(worthAnotherWorker(2, 2, 15 * MS, START, 1_000)).isFalse();
    assertThat(worthAnotherWorker(2, 8, 15 * MS, START, 1_000)).isTrue();
  }

  @Test
  void unknownTaskTimesDoNotGrowBeyondTheFirst() {
    assertThat(worthAnotherWorker(1, 2, 0, START, 1_000)).isFalse();
  }
}
