package dev.flowline.internal;

import dev.flowline.FlowSpec;

/**
 * The calls that the task's class loader adds around every read and assignment of a flow's fields
 * (outside constructors), so the runtime knows for certain which artifacts a step assigned and can
 * stop a read of an artifact that did not reach the step. Not part of the authoring API: flow code
 * never calls it directly.
 *
 * <p>Both calls sit in the user's hot loops, so they are kept cheap: a read costs one static field
 * check unless some running task guards a field ({@link #openReadGuard}); an assignment finds the
 * bound task through a one-entry cache of the last flow object seen.
 */
public final class FieldAccess {
  /** Name of the static marker field added to every flow class whose field accesses are tracked. */
  public static final String MARKER = "$flowline$fieldAccess";

  /** The last flow object an assignment was reported for, with its binding. */
  private record Last(Object owner, TaskBinding binding) {}

  private static final Object GUARDS_LOCK = new Object();
  private static int readGuards;
  private static volatile boolean guardingReads;
  private static volatile Last last = new Last(null, null);

  private FieldAccess() {}

  /** Before {@code owner.field = ...}: tells the bound task that {@code field} was assigned. */
  public static void assigned(Object owner, String field) {
    Last l = last;
    TaskBinding binding;
    if (l.owner == owner) {
      binding = l.binding;
    } else if (owner instanceof FlowSpec flow) {
      binding = Bindings.of(flow);
      last = new Last(owner, binding);
    } else {
      return;
    }
    if (binding != null) {
      binding.fieldAssigned(field);
    }
  }

  /** Before a read of {@code owner.field}: lets the bound task check it, when any task guards. */
  public static void read(Object owner, String field) {
    if (guardingReads && owner instanceof FlowSpec flow) {
      TaskBinding binding = Bindings.of(flow);
      if (binding != null) {
        binding.fieldRead(field);
      }
    }
  }

  /**
   * Turns the read checks on until the returned guard is closed: a task with artifacts that did not
   * reach it opens one while its step runs.
   */
  public static ReadGuard openReadGuard() {
    synchronized (GUARDS_LOCK) {
      readGuards++;
      guardingReads = true;
    }
    return new ReadGuard() {
      private boolean closed;

      @Override
      public void close() {
        synchronized (GUARDS_LOCK) {
          if (!closed) {
            closed = true;
            readGuards--;
            guardingReads = readGuards > 0;
          }
        }
      }
    };
  }

  /** An open read guard; closing it twice is harmless. */
  public interface ReadGuard extends AutoCloseable {
    @Override
    void close();
  }

  /** Forgets the cached binding of {@code owner} (its binding changed). */
  static void bindingChanged(Object owner) {
    if (last.owner == owner) {
      last = new Last(null, null);
    }
  }

  /** Whether the field accesses of {@code flowClass} are tracked (it was loaded for a task). */
  public static boolean isTracked(Class<?> flowClass) {
    try {
      flowClass.getDeclaredField(MARKER);
      return true;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }
}
