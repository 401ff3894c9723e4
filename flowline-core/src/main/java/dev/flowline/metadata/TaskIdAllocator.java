package dev.flowline.metadata;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Task ids of one run: 1, 2, 3, ... Thread-safe. One scheduler owns a run and allocates all its
 * task ids, so ids are unique within the run; the blob store has no atomic create, so two processes
 * must not allocate for the same run.
 */
public final class TaskIdAllocator {
  private final AtomicLong next;

  /** Ids from 1. */
  public TaskIdAllocator() {
    this(1);
  }

  /** Ids from {@code first} (e.g. after the ids resume already used). */
  public TaskIdAllocator(long first) {
    this.next = new AtomicLong(first);
  }

  /** The next id. */
  public String next() {
    return Long.toString(next.getAndIncrement());
  }
}
