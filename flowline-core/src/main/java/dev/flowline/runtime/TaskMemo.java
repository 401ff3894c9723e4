package dev.flowline.runtime;

import java.util.function.Supplier;

/**
 * Values a task derives only from the flow's class files (such as which fields a step reads), which
 * a warm worker computes once for all the tasks of its run.
 */
public interface TaskMemo {
  /** The value for {@code key}, computed by {@code compute} the first time. */
  <T> T get(String key, Supplier<T> compute);

  /** Keeps nothing: computes every time. */
  static TaskMemo none() {
    return new TaskMemo() {
      @Override
      public <T> T get(String key, Supplier<T> compute) {
        return compute.get();
      }
    };
  }
}
